// DeepChain MNIST sample: trains an MNIST model collaboratively with 1, 2, 4, 8 parties and reports accuracy, time
// and throughput per aggregation scheme. See README.md; run with --help for the options.
using DeepChain.Samples.Mnist;
using DeepChain.Samples.Mnist.Experiment;

return await MnistCommand.Create(ExperimentRunners.Default).Parse(args).InvokeAsync().ConfigureAwait(false);
