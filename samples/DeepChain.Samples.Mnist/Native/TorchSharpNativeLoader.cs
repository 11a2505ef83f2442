using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace DeepChain.Samples.Mnist.Native;

/// <summary>
/// Loads TorchSharp's native library before TorchSharp is first used, substituting a patched copy (see
/// <see cref="GlibcxxCompatibilityPatcher"/>) when, and only when, the system libstdc++ lacks <c>GLIBCXX_3.4.32</c>.
/// </summary>
/// <remarks>
/// <para>On a system whose libstdc++ has the version (GCC 13 and later), nothing happens: TorchSharp loads its own,
/// untouched library as usual.</para>
/// <para>Otherwise: the original <c>libLibTorchSharp.so</c> is copied, patched, and written to a private cache
/// (<c>~/.cache/deepchain/libtorchsharp-&lt;sha256 prefix of the original&gt;/</c>, or <c>$XDG_CACHE_HOME</c>); the
/// output folder is never modified. libtorch (<c>libtorch.so</c>, which brings <c>libtorch_cpu.so</c> and
/// <c>libc10.so</c>) is loaded from beside the original first, so the copy's <c>DT_NEEDED</c> entries resolve to the
/// already-loaded libraries by their sonames. Then the copy is loaded by path. When TorchSharp afterwards asks the
/// runtime for "LibTorchSharp", the original fails to load and the runtime's fallback, a plain
/// <c>dlopen("libLibTorchSharp.so")</c>, finds the copy already loaded under that soname; a
/// <see cref="NativeLibrary.SetDllImportResolver"/> on TorchSharp's assembly hands the same handle to its P/Invokes.</para>
/// </remarks>
public static class TorchSharpNativeLoader
{
    private const string LibraryFileName = "libLibTorchSharp.so";
    private static readonly Lock s_gate = new();
    private static string? s_description;

    /// <summary>Gets a one-line description of what <see cref="EnsureLoaded"/> did, or null before it ran.</summary>
    public static string? Description => s_description;

    /// <summary>
    /// Makes sure TorchSharp's native library can load; idempotent and thread-safe. Call before the first use of any
    /// TorchSharp type.
    /// </summary>
    /// <exception cref="InvalidOperationException">The native library cannot be found or the patch fails.</exception>
    public static void EnsureLoaded()
    {
        lock (s_gate)
        {
            s_description ??= Load();
        }
    }

    /// <summary>Tells whether the libstdc++ that the dynamic loader uses lacks <c>GLIBCXX_3.4.32</c>.</summary>
    /// <returns><see langword="true"/> on Linux with an older libstdc++; <see langword="false"/> elsewhere.</returns>
    public static bool SystemLibStdCxxLacksRequiredVersion()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        string? path = FindLoadedLibStdCxx();
        if (path is null)
        {
            return false;
        }

        byte[] needle = Encoding.ASCII.GetBytes(GlibcxxCompatibilityPatcher.MissingVersion + "\0");
        return File.ReadAllBytes(path).AsSpan().IndexOf(needle) < 0;
    }

    private static string Load()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return "TorchSharp native library: untouched (not linux-x64).";
        }

        if (!SystemLibStdCxxLacksRequiredVersion())
        {
            return "TorchSharp native library: untouched (the system libstdc++ has GLIBCXX_3.4.32).";
        }

        string original = FindOriginal()
            ?? throw new InvalidOperationException($"{LibraryFileName} was not found beside the application or in the TorchSharp package.");
        byte[] image = File.ReadAllBytes(original);
        if (!GlibcxxCompatibilityPatcher.RequiresMissingVersion(image))
        {
            return $"TorchSharp native library: untouched ({original} does not require GLIBCXX_3.4.32).";
        }

        string patched = WritePatchedCopy(image);
        string directory = Path.GetDirectoryName(original)!;
        string libtorch = Path.Combine(directory, "libtorch.so");
        if (File.Exists(libtorch))
        {
            NativeLibrary.Load(libtorch);
        }

        nint handle = NativeLibrary.Load(patched);
        NativeLibrary.SetDllImportResolver(typeof(TorchSharp.torch).Assembly, (name, _, _) =>
            name is "LibTorchSharp" or "libLibTorchSharp" or LibraryFileName ? handle : 0);
        return $"TorchSharp native library: patched copy {patched} (the system libstdc++ lacks GLIBCXX_3.4.32).";
    }

    private static string WritePatchedCopy(byte[] image)
    {
        string hash = Convert.ToHexStringLower(SHA256.HashData(image))[..16];
        string cacheRoot = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        string directory = Path.Combine(cacheRoot, "deepchain", $"libtorchsharp-{hash}");
        string target = Path.Combine(directory, LibraryFileName);
        if (File.Exists(target))
        {
            byte[] existing = File.ReadAllBytes(target);
            if (existing.Length == image.Length && !GlibcxxCompatibilityPatcher.RequiresMissingVersion(existing))
            {
                return target;
            }
        }

        byte[] copy = (byte[])image.Clone();
        GlibcxxCompatibilityPatcher.Patch(copy);
        try
        {
            return WriteAtomically(directory, copy);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // No writable cache (a read-only home, say): a per-user temporary folder does as well.
            return WriteAtomically(Path.Combine(Path.GetTempPath(), $"deepchain-{Environment.UserName}", $"libtorchsharp-{hash}"), copy);
        }
    }

    private static string WriteAtomically(string directory, byte[] image)
    {
        Directory.CreateDirectory(directory);
        string target = Path.Combine(directory, LibraryFileName);

        // Write beside the target and rename, so a concurrent process never loads a half-written file.
        string temporary = Path.Combine(directory, $"{LibraryFileName}.{Environment.ProcessId}.tmp");
        File.WriteAllBytes(temporary, image);
        File.Move(temporary, target, overwrite: true);
        return target;
    }

    private static string? FindOriginal()
    {
        string? assemblyDirectory = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location);
        var candidates = new List<string>
        {
            Path.Combine(AppContext.BaseDirectory, LibraryFileName),

            // A build without a runtime identifier keeps native assets under runtimes/<rid>/native.
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", LibraryFileName),
        };
        if (!string.IsNullOrEmpty(assemblyDirectory))
        {
            candidates.Add(Path.Combine(assemblyDirectory, LibraryFileName));

            // Running from the NuGet package folder: lib/net8.0/TorchSharp.dll beside runtimes/linux-x64/native.
            candidates.Add(Path.GetFullPath(Path.Combine(assemblyDirectory, "..", "..", "runtimes", "linux-x64", "native", LibraryFileName)));
        }

        return candidates.FirstOrDefault(File.Exists);
    }

    private static string? FindLoadedLibStdCxx()
    {
        // Ask the dynamic loader for libstdc++ the way libLibTorchSharp's DT_NEEDED would, then read which file it mapped.
        if (!NativeLibrary.TryLoad("libstdc++.so.6", out _))
        {
            return null;
        }

        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0 && Path.GetFileName(line[slash..]).StartsWith("libstdc++.so.6", StringComparison.Ordinal))
            {
                return line[slash..];
            }
        }

        return null;
    }
}
