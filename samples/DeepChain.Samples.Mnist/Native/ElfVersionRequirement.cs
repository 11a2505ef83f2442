namespace DeepChain.Samples.Mnist.Native;

/// <summary>One entry of an ELF object's <c>.gnu.version_r</c>: a symbol version required from a library.</summary>
/// <param name="Library">The library's name, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Version">The version name, e.g. <c>GLIBCXX_3.4.30</c>.</param>
/// <param name="Index">The version index that symbols refer to in <c>.gnu.version</c>.</param>
public sealed record ElfVersionRequirement(string Library, string Version, ushort Index);
