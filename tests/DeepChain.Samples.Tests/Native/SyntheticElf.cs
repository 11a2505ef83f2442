using System.Buffers.Binary;
using System.Text;

namespace DeepChain.Samples.Tests.Native;

/// <summary>
/// A minimal little-endian ELF64 image with .dynstr, .dynsym, .gnu.version and .gnu.version_r: libstdc++.so.6 requires
/// GLIBCXX_3.4 (index 2), GLIBCXX_3.4.32 (3) and GLIBCXX_3.4.30 (4) in an order the test chooses; libc.so.6 requires
/// GLIBC_2.2.5 (5). Symbols: 1 _ZSt21ios_base_library_initv (version 3), 2 foo (2), 3 bar (5), 4 baz (4).
/// </summary>
internal static class SyntheticElf
{
    public static byte[] Build(int position32, ushort bazVersion = 4)
    {
        string[] strings = ["libstdc++.so.6", "libc.so.6", "GLIBCXX_3.4", "GLIBCXX_3.4.32", "GLIBCXX_3.4.30", "GLIBC_2.2.5", "_ZSt21ios_base_library_initv", "foo", "bar", "baz"];
        var dynstr = new List<byte> { 0 };
        var offsets = new Dictionary<string, uint>();
        foreach (string s in strings)
        {
            offsets[s] = (uint)dynstr.Count;
            dynstr.AddRange(Encoding.ASCII.GetBytes(s));
            dynstr.Add(0);
        }

        var symbols = new byte[5 * 24];
        (string Name, ushort Version)[] symbolTable = [("", 0), ("_ZSt21ios_base_library_initv", 3), ("foo", 2), ("bar", 5), ("baz", bazVersion)];
        var versym = new byte[5 * 2];
        for (int i = 1; i < symbolTable.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(symbols.AsSpan(i * 24), offsets[symbolTable[i].Name]);
            symbols[i * 24 + 4] = 0x12; // STB_GLOBAL, STT_FUNC
            BinaryPrimitives.WriteUInt16LittleEndian(versym.AsSpan(i * 2), symbolTable[i].Version);
        }

        var stdcxx = new List<(string Name, ushort Index)> { ("GLIBCXX_3.4", 2), ("GLIBCXX_3.4.30", 4) };
        stdcxx.Insert(position32, ("GLIBCXX_3.4.32", 3));
        var verneed = new byte[96];
        WriteVerneed(verneed, 0, count: 3, offsets["libstdc++.so.6"], aux: 16, next: 64);
        for (int i = 0; i < 3; i++)
        {
            WriteVernaux(verneed, 16 + i * 16, stdcxx[i].Index, offsets[stdcxx[i].Name], next: i < 2 ? 16u : 0u);
        }

        WriteVerneed(verneed, 64, count: 1, offsets["libc.so.6"], aux: 16, next: 0);
        WriteVernaux(verneed, 80, 5, offsets["GLIBC_2.2.5"], next: 0);

        int dynstrAt = 64;
        int dynsymAt = Align(dynstrAt + dynstr.Count, 8);
        int versymAt = dynsymAt + symbols.Length;
        int verneedAt = Align(versymAt + versym.Length, 8);
        int sectionsAt = verneedAt + verneed.Length;
        var image = new byte[sectionsAt + 5 * 64];
        image[0] = 0x7f;
        image[1] = (byte)'E';
        image[2] = (byte)'L';
        image[3] = (byte)'F';
        image[4] = 2;
        image[5] = 1;
        image[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(0x10), 3); // ET_DYN
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(0x12), 62); // EM_X86_64
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(0x28), (ulong)sectionsAt);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(0x34), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(0x3a), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(0x3c), 5);
        dynstr.ToArray().CopyTo(image, dynstrAt);
        symbols.CopyTo(image, dynsymAt);
        versym.CopyTo(image, versymAt);
        verneed.CopyTo(image, verneedAt);
        WriteSection(image, sectionsAt + 64, type: 3, dynstrAt, dynstr.Count, link: 0, info: 0);
        WriteSection(image, sectionsAt + 128, type: 11, dynsymAt, symbols.Length, link: 1, info: 1);
        WriteSection(image, sectionsAt + 192, type: 0x6fffffff, versymAt, versym.Length, link: 2, info: 0);
        WriteSection(image, sectionsAt + 256, type: 0x6ffffffe, verneedAt, verneed.Length, link: 1, info: 2);
        return image;
    }

    private static int Align(int value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private static void WriteVerneed(byte[] b, int at, ushort count, uint file, uint aux, uint next)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at + 2), count);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 4), file);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 8), aux);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 12), next);
    }

    private static void WriteVernaux(byte[] b, int at, ushort index, uint name, uint next)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), 0x1234);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at + 6), index);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 8), name);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 12), next);
    }

    private static void WriteSection(byte[] b, int at, uint type, int offset, int size, uint link, uint info)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 4), type);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at + 0x18), (ulong)offset);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at + 0x20), (ulong)size);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 0x28), link);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 0x2c), info);
    }
}
