using DeepChain.Cli;

return DeepChainCommand.Create().Parse(args).Invoke();
