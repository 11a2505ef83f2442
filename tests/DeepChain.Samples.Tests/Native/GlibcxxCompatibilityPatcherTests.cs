using System.Runtime.InteropServices;
using DeepChain.Samples.Mnist.Native;

namespace DeepChain.Samples.Tests.Native;

public sealed class GlibcxxCompatibilityPatcherTests
{
    private static string OriginalLibrary =>
        Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Patch_SyntheticObject_RemovesOnlyThatRequirementWherePositioned(int position)
    {
        byte[] image = SyntheticElf.Build(position);
        Assert.True(GlibcxxCompatibilityPatcher.RequiresMissingVersion(image));

        GlibcxxCompatibilityPatcher.Patch(image);

        var elf = new ElfSharedObject(image);
        Assert.Equal(
            [("libstdc++.so.6", "GLIBCXX_3.4", 2), ("libstdc++.so.6", "GLIBCXX_3.4.30", 4), ("libc.so.6", "GLIBC_2.2.5", 5)],
            elf.ReadVersionRequirements().Select(r => (r.Library, r.Version, (int)r.Index)).ToArray());
        Assert.Equal("sched_yield", elf.GetSymbolName(1));
        Assert.Equal(1, elf.GetSymbolVersionIndex(1));
        Assert.Equal(("foo", 2), (elf.GetSymbolName(2), (int)elf.GetSymbolVersionIndex(2)));
        Assert.Equal(("bar", 5), (elf.GetSymbolName(3), (int)elf.GetSymbolVersionIndex(3)));
        Assert.Equal(("baz", 4), (elf.GetSymbolName(4), (int)elf.GetSymbolVersionIndex(4)));
        Assert.False(GlibcxxCompatibilityPatcher.RequiresMissingVersion(image));
    }

    [Fact]
    public void Patch_AnotherSymbolNeedsTheVersion_Refuses()
    {
        byte[] image = SyntheticElf.Build(1, bazVersion: 3);

        var exception = Assert.Throws<InvalidDataException>(() => GlibcxxCompatibilityPatcher.Patch(image));

        Assert.Contains("baz", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Patch_AlreadyPatched_Refuses()
    {
        byte[] image = SyntheticElf.Build(1);
        GlibcxxCompatibilityPatcher.Patch(image);

        Assert.Throws<InvalidDataException>(() => GlibcxxCompatibilityPatcher.Patch(image));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(64)]
    [InlineData(200)]
    public void Parse_TruncatedObject_ThrowsInvalidData(int length)
    {
        byte[] image = SyntheticElf.Build(1);

        Assert.Throws<InvalidDataException>(() => new ElfSharedObject(image[..length]));
    }

    [Fact]
    public void Parse_SectionOffsetPastTheEnd_ThrowsInvalidData()
    {
        byte[] image = SyntheticElf.Build(1);
        int sections = (int)BitConverter.ToUInt64(image, 0x28);
        BitConverter.TryWriteBytes(image.AsSpan(sections + 256 + 0x18), (ulong)image.Length);

        Assert.Throws<InvalidDataException>(() => new ElfSharedObject(image));
    }

    [Fact]
    public void Parse_NotElf_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => new ElfSharedObject(new byte[128]));
    }

    [Fact]
    public void Patch_RealLibTorchSharp_DropsGlibcxx3432AndKeepsEverythingElse()
    {
        byte[] original = File.ReadAllBytes(OriginalLibrary);
        byte[] patched = (byte[])original.Clone();
        Assert.True(GlibcxxCompatibilityPatcher.RequiresMissingVersion(original));

        GlibcxxCompatibilityPatcher.Patch(patched);

        var before = new ElfSharedObject(original);
        var after = new ElfSharedObject(patched);
        var expected = before.ReadVersionRequirements().Where(r => r.Version != GlibcxxCompatibilityPatcher.MissingVersion).ToList();
        Assert.Equal(expected, after.ReadVersionRequirements());
        int symbol = before.FindSymbol(GlibcxxCompatibilityPatcher.SymbolName);
        Assert.Equal(GlibcxxCompatibilityPatcher.ReplacementName, after.GetSymbolName(symbol));
        Assert.Equal(1, after.GetSymbolVersionIndex(symbol));
        Assert.Equal(-1, after.FindSymbol(GlibcxxCompatibilityPatcher.SymbolName));
        for (int i = 0; i < before.SymbolCount; i++)
        {
            if (i != symbol)
            {
                Assert.Equal(before.GetSymbolVersionIndex(i), after.GetSymbolVersionIndex(i));
            }
        }

        // Only .gnu.version, .gnu.version_r and .dynstr bytes changed: a handful of bytes in all.
        int changed = original.Zip(patched).Count(pair => pair.First != pair.Second);
        Assert.InRange(changed, 3, 40);
    }

    [Fact]
    public void PatchedRealLibTorchSharp_Loads()
    {
        TorchSharpNativeLoader.EnsureLoaded();
        using var directory = new TemporaryDirectory();
        byte[] image = File.ReadAllBytes(OriginalLibrary);
        GlibcxxCompatibilityPatcher.Patch(image);
        string path = directory.File("libLibTorchSharp.so");
        File.WriteAllBytes(path, image);

        // libtorch is already loaded by EnsureLoaded, so the copy's DT_NEEDED entries resolve by soname.
        Assert.True(NativeLibrary.TryLoad(path, out nint handle));
        Assert.True(NativeLibrary.TryGetExport(handle, "THSTorch_manual_seed", out _));
    }
}
