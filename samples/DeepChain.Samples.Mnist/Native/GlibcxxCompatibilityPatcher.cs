namespace DeepChain.Samples.Mnist.Native;

/// <summary>
/// Makes TorchSharp's <c>libLibTorchSharp.so</c> loadable with a libstdc++ older than GCC 13 (Debian 12, Ubuntu 22.04).
/// </summary>
/// <remarks>
/// <para>TorchSharp 0.107.0's <c>libLibTorchSharp.so</c> was linked against GCC 13's libstdc++ and requires the symbol
/// version <c>GLIBCXX_3.4.32</c> for exactly one symbol, <c>_ZSt21ios_base_library_initv</c>
/// (<c>std::ios_base_library_init</c>). GCC 13's <c>&lt;iostream&gt;</c> only references that symbol, to pull in the
/// stream initialisation; nothing calls it (there is no relocation against it). libtorch itself needs no more than
/// <c>GLIBCXX_3.4.30</c>, and its static initialisers already set up the C++ streams on the older libstdc++. So the
/// dynamic loader's refusal ("version `GLIBCXX_3.4.32' not found") is the only obstacle.</para>
/// <para>The patch, applied to a copy: (1) unlink the <c>GLIBCXX_3.4.32</c> entry from <c>.gnu.version_r</c>;
/// (2) set the symbol's <c>.gnu.version</c> index to 1 (global, unversioned); (3) overwrite its name in <c>.dynstr</c>,
/// in place, with <c>sched_yield</c>, a shorter, harmless, argument-free libc function, so that the undefined symbol
/// still resolves. <c>.gnu.hash</c> covers only defined symbols, so renaming an undefined one leaves it valid.
/// Any other symbol carrying the removed version index makes the patch refuse.</para>
/// </remarks>
public static class GlibcxxCompatibilityPatcher
{
    /// <summary>The symbol version that GCC 12's libstdc++ lacks.</summary>
    public const string MissingVersion = "GLIBCXX_3.4.32";

    /// <summary>The only symbol that requires <see cref="MissingVersion"/>.</summary>
    public const string SymbolName = "_ZSt21ios_base_library_initv";

    /// <summary>The name written over <see cref="SymbolName"/>.</summary>
    public const string ReplacementName = "sched_yield";

    /// <summary>Tells whether an ELF image requires <see cref="MissingVersion"/>.</summary>
    /// <param name="image">The shared object's bytes.</param>
    /// <returns><see langword="true"/> when its <c>.gnu.version_r</c> names the version.</returns>
    /// <exception cref="InvalidDataException">The image is not a parsable ELF64 shared object.</exception>
    public static bool RequiresMissingVersion(byte[] image) =>
        new ElfSharedObject(image).ReadVersionRequirements().Any(r => r.Version == MissingVersion);

    /// <summary>Patches <paramref name="image"/> in place as described in the type's remarks.</summary>
    /// <param name="image">The bytes of <c>libLibTorchSharp.so</c>; changed in place.</param>
    /// <exception cref="InvalidDataException">The image does not have the expected shape; it may be partly changed, so
    /// callers patch a copy and discard it on failure.</exception>
    public static void Patch(byte[] image)
    {
        var elf = new ElfSharedObject(image);
        int symbol = elf.FindSymbol(SymbolName);
        if (symbol < 0)
        {
            throw new InvalidDataException($"The object has no dynamic symbol {SymbolName}.");
        }

        ushort index = elf.RemoveVersionRequirement(MissingVersion);
        for (int i = 1; i < elf.SymbolCount; i++)
        {
            if ((elf.GetSymbolVersionIndex(i) & 0x7fff) == index && i != symbol)
            {
                throw new InvalidDataException($"Symbol {elf.GetSymbolName(i)} also requires {MissingVersion}; the patch covers only {SymbolName}.");
            }
        }

        elf.SetSymbolVersionIndex(symbol, 1);
        elf.RenameSymbolInPlace(symbol, ReplacementName);
    }
}
