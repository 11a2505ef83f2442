using System.Buffers.Binary;
using System.Text;

namespace DeepChain.Samples.Mnist.Native;

/// <summary>
/// A read-and-patch view of a little-endian ELF64 shared object held in memory: the section headers and the dynamic
/// symbol and symbol-versioning sections (<c>.dynsym</c>, <c>.dynstr</c>, <c>.gnu.version</c>, <c>.gnu.version_r</c>).
/// </summary>
/// <remarks>
/// Only what <see cref="GlibcxxCompatibilityPatcher"/> needs is parsed, and every offset read from the file is checked
/// against the image and its section before use, so a truncated or corrupt file gives an
/// <see cref="InvalidDataException"/> rather than an out-of-range read. Layouts follow the System V gABI and the
/// LSB's symbol-versioning chapter (Elf64_Shdr 64 bytes, Elf64_Sym 24, Elf64_Verneed 16, Elf64_Vernaux 16).
/// </remarks>
public sealed class ElfSharedObject
{
    private const uint ShtDynsym = 11;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;
    private const int SymbolSize = 24;
    private const int VerneedSize = 16;
    private const int VernauxSize = 16;

    private readonly byte[] _image;
    private readonly Section _dynsym;
    private readonly Section _dynstr;
    private readonly Section _versym;
    private readonly Section _verneed;

    /// <summary>Parses <paramref name="image"/>; patches made through this object change that array in place.</summary>
    /// <param name="image">The whole file.</param>
    /// <exception cref="InvalidDataException">The bytes are not a little-endian ELF64 object with the needed sections.</exception>
    public ElfSharedObject(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        _image = image;
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
        {
            throw new InvalidDataException("Not an ELF file.");
        }

        if (image[4] != 2 || image[5] != 1)
        {
            throw new InvalidDataException("Only little-endian ELF64 files are supported.");
        }

        ulong sectionHeaderOffset = ReadUInt64(0x28);
        int sectionHeaderSize = ReadUInt16(0x3a);
        int sectionCount = ReadUInt16(0x3c);
        if (sectionHeaderSize < 64 || sectionCount == 0)
        {
            throw new InvalidDataException("The ELF file has no usable section header table.");
        }

        CheckRange(sectionHeaderOffset, (ulong)sectionHeaderSize * (ulong)sectionCount, "section header table");
        var sections = new Section[sectionCount];
        for (int i = 0; i < sectionCount; i++)
        {
            int at = (int)sectionHeaderOffset + i * sectionHeaderSize;
            var section = new Section(
                Type: ReadUInt32(at + 4),
                Offset: ReadUInt64(at + 0x18),
                Size: ReadUInt64(at + 0x20),
                Link: ReadUInt32(at + 0x28),
                Info: ReadUInt32(at + 0x2c));
            if (section.Type != 8 /* SHT_NOBITS */)
            {
                CheckRange(section.Offset, section.Size, $"section {i}");
            }

            sections[i] = section;
        }

        _dynsym = FindSingle(sections, ShtDynsym, ".dynsym");
        if (_dynsym.Link >= sections.Length)
        {
            throw new InvalidDataException(".dynsym links to a section that does not exist.");
        }

        _dynstr = sections[_dynsym.Link];
        _versym = FindSingle(sections, ShtGnuVersym, ".gnu.version");
        _verneed = FindSingle(sections, ShtGnuVerneed, ".gnu.version_r");
        if (_dynsym.Size % SymbolSize != 0 || _versym.Size != _dynsym.Size / SymbolSize * 2)
        {
            throw new InvalidDataException(".dynsym and .gnu.version disagree on the number of symbols.");
        }
    }

    /// <summary>Gets the number of dynamic symbols (including the null symbol 0).</summary>
    public int SymbolCount => (int)(_dynsym.Size / SymbolSize);

    /// <summary>Reads the version requirements of <c>.gnu.version_r</c>: one entry per (library, version) pair.</summary>
    /// <returns>The requirements in file order.</returns>
    public IReadOnlyList<ElfVersionRequirement> ReadVersionRequirements()
    {
        var result = new List<ElfVersionRequirement>();
        foreach (var need in EnumerateVerneed())
        {
            string file = ReadDynamicString(need.File);
            foreach (var aux in EnumerateVernaux(need))
            {
                result.Add(new ElfVersionRequirement(file, ReadDynamicString(aux.Name), aux.Other));
            }
        }

        return result;
    }

    /// <summary>Gets a dynamic symbol's name.</summary>
    /// <param name="index">The symbol index, 0 to <see cref="SymbolCount"/> − 1.</param>
    /// <returns>The name.</returns>
    public string GetSymbolName(int index) => ReadDynamicString(SymbolNameOffset(index));

    /// <summary>Gets a dynamic symbol's <c>.gnu.version</c> index (the hidden bit 0x8000 included).</summary>
    /// <param name="index">The symbol index, 0 to <see cref="SymbolCount"/> − 1.</param>
    /// <returns>0 local, 1 global, 2 and above a version defined or required by the object.</returns>
    public ushort GetSymbolVersionIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SymbolCount);
        return ReadUInt16((int)_versym.Offset + index * 2);
    }

    /// <summary>Finds a dynamic symbol by name.</summary>
    /// <param name="name">The symbol name.</param>
    /// <returns>Its index, or −1.</returns>
    public int FindSymbol(string name)
    {
        for (int i = 1; i < SymbolCount; i++)
        {
            if (DynamicStringEquals(SymbolNameOffset(i), name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Removes the requirement <paramref name="version"/> from <c>.gnu.version_r</c>: unlinks its Elf64_Vernaux from the
    /// chain of its library (the previous entry's <c>vna_next</c> skips it, or <c>vn_aux</c> when it was first) and
    /// decrements that library's <c>vn_cnt</c>. The removed entry's bytes stay, unreferenced.
    /// </summary>
    /// <param name="version">A version name such as <c>GLIBCXX_3.4.32</c>.</param>
    /// <returns>The version index (<c>vna_other</c>) the removed entry had.</returns>
    /// <exception cref="InvalidDataException">No such requirement, or it is its library's only one.</exception>
    public ushort RemoveVersionRequirement(string version)
    {
        foreach (var need in EnumerateVerneed())
        {
            Vernaux? previous = null;
            foreach (var aux in EnumerateVernaux(need))
            {
                if (DynamicStringEquals(aux.Name, version))
                {
                    if (need.Count == 1)
                    {
                        throw new InvalidDataException($"{version} is the only version required from its library; removing the library's entry is not supported.");
                    }

                    uint skip = aux.Next == 0 ? 0 : checked((uint)(aux.At - (previous?.At ?? need.At) + aux.Next));
                    if (previous is { } p)
                    {
                        WriteUInt32(p.At + 12, skip);
                    }
                    else
                    {
                        // vn_aux is relative to the Verneed entry; the new first entry is aux.Next past the old one.
                        WriteUInt32(need.At + 8, checked((uint)(aux.At - need.At + aux.Next)));
                    }

                    WriteUInt16(need.At + 2, (ushort)(need.Count - 1));
                    return aux.Other;
                }

                previous = aux;
            }
        }

        throw new InvalidDataException($"The object does not require {version}.");
    }

    /// <summary>Sets a dynamic symbol's <c>.gnu.version</c> index.</summary>
    /// <param name="index">The symbol index.</param>
    /// <param name="versionIndex">The new version index (1 = global, unversioned).</param>
    public void SetSymbolVersionIndex(int index, ushort versionIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SymbolCount);
        WriteUInt16((int)_versym.Offset + index * 2, versionIndex);
    }

    /// <summary>
    /// Overwrites a symbol's name in <c>.dynstr</c> in place with a name no longer than the old one, NUL-padded, after
    /// checking that no other symbol or version string shares those bytes (string tables may merge suffixes).
    /// </summary>
    /// <param name="index">The symbol index.</param>
    /// <param name="newName">The replacement name (ASCII, not longer than the current one).</param>
    /// <exception cref="InvalidDataException">The new name is longer, or the old name's bytes are shared.</exception>
    public void RenameSymbolInPlace(int index, string newName)
    {
        ArgumentNullException.ThrowIfNull(newName);
        uint start = SymbolNameOffset(index);
        int oldLength = DynamicStringLength(start);
        byte[] bytes = Encoding.ASCII.GetBytes(newName);
        if (bytes.Length == 0 || bytes.Length > oldLength)
        {
            throw new InvalidDataException($"Cannot rename a {oldLength}-byte symbol name to '{newName}' in place.");
        }

        uint end = start + (uint)oldLength;
        for (int i = 1; i < SymbolCount; i++)
        {
            uint other = SymbolNameOffset(i);
            if (i != index && other >= start && other <= end)
            {
                throw new InvalidDataException($"Symbol {i} shares the name bytes of symbol {index}.");
            }
        }

        foreach (var need in EnumerateVerneed())
        {
            if (need.File >= start && need.File <= end)
            {
                throw new InvalidDataException("A library name shares the symbol's name bytes.");
            }

            foreach (var aux in EnumerateVernaux(need))
            {
                if (aux.Name >= start && aux.Name <= end)
                {
                    throw new InvalidDataException("A version name shares the symbol's name bytes.");
                }
            }
        }

        var destination = _image.AsSpan((int)(_dynstr.Offset + start), oldLength);
        destination.Clear();
        bytes.CopyTo(destination);
    }

    private static Section FindSingle(Section[] sections, uint type, string name)
    {
        Section? found = null;
        foreach (var section in sections)
        {
            if (section.Type == type)
            {
                if (found is not null)
                {
                    throw new InvalidDataException($"The ELF file has more than one {name} section.");
                }

                found = section;
            }
        }

        return found ?? throw new InvalidDataException($"The ELF file has no {name} section.");
    }

    private IEnumerable<Verneed> EnumerateVerneed()
    {
        ulong offset = 0;
        for (uint i = 0; i < _verneed.Info; i++)
        {
            CheckWithin(_verneed, offset, VerneedSize, ".gnu.version_r");
            int at = (int)(_verneed.Offset + offset);
            var need = new Verneed(at, ReadUInt16(at + 2), ReadUInt32(at + 4), ReadUInt32(at + 8), ReadUInt32(at + 12));
            yield return need;
            if (need.Next == 0)
            {
                yield break;
            }

            offset += need.Next;
        }
    }

    private IEnumerable<Vernaux> EnumerateVernaux(Verneed need)
    {
        ulong offset = (ulong)(need.At - (long)_verneed.Offset) + need.Aux;
        for (int i = 0; i < need.Count; i++)
        {
            CheckWithin(_verneed, offset, VernauxSize, ".gnu.version_r auxiliary entry");
            int at = (int)(_verneed.Offset + offset);
            var aux = new Vernaux(at, ReadUInt16(at + 6), ReadUInt32(at + 8), ReadUInt32(at + 12));
            yield return aux;
            if (aux.Next == 0)
            {
                yield break;
            }

            offset += aux.Next;
        }
    }

    private uint SymbolNameOffset(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SymbolCount);
        return ReadUInt32((int)_dynsym.Offset + index * SymbolSize);
    }

    private int DynamicStringLength(uint offset)
    {
        if (offset >= _dynstr.Size)
        {
            throw new InvalidDataException($"String offset {offset} is outside .dynstr.");
        }

        var table = _image.AsSpan((int)_dynstr.Offset, (int)_dynstr.Size)[(int)offset..];
        int length = table.IndexOf((byte)0);
        return length >= 0 ? length : throw new InvalidDataException($"The string at .dynstr offset {offset} is not terminated.");
    }

    private string ReadDynamicString(uint offset) =>
        Encoding.ASCII.GetString(_image, (int)(_dynstr.Offset + offset), DynamicStringLength(offset));

    private bool DynamicStringEquals(uint offset, string value)
    {
        int length = DynamicStringLength(offset);
        return length == value.Length && ReadDynamicString(offset) == value;
    }

    private void CheckRange(ulong offset, ulong size, string what)
    {
        if (offset > (ulong)_image.Length || size > (ulong)_image.Length - offset)
        {
            throw new InvalidDataException($"The {what} lies outside the file (offset {offset}, size {size}, file {_image.Length} bytes).");
        }
    }

    private static void CheckWithin(Section section, ulong offset, int size, string what)
    {
        if (offset > section.Size || (ulong)size > section.Size - offset)
        {
            throw new InvalidDataException($"A {what} lies outside its section.");
        }
    }

    private ushort ReadUInt16(int at) => BinaryPrimitives.ReadUInt16LittleEndian(_image.AsSpan(at, 2));

    private uint ReadUInt32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(_image.AsSpan(at, 4));

    private ulong ReadUInt64(int at) => BinaryPrimitives.ReadUInt64LittleEndian(_image.AsSpan(at, 8));

    private void WriteUInt16(int at, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(_image.AsSpan(at, 2), value);

    private void WriteUInt32(int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_image.AsSpan(at, 4), value);

    private readonly record struct Section(uint Type, ulong Offset, ulong Size, uint Link, uint Info);

    private readonly record struct Verneed(int At, ushort Count, uint File, uint Aux, uint Next);

    private readonly record struct Vernaux(int At, ushort Other, uint Name, uint Next);
}
