namespace DeepChain.Cli.Ledger;

/// <summary>The file cannot be read as a DeepChain ledger at all (missing, another kind of file, I/O error).</summary>
internal sealed class LedgerFileException : Exception
{
    public LedgerFileException()
    {
    }

    public LedgerFileException(string message)
        : base(message)
    {
    }

    public LedgerFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
