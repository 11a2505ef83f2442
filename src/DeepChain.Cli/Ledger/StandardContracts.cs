using DeepChain.Core.Contracts;
using DeepChain.Core.Incentives;
using DeepChain.Core.Training.Privacy;

namespace DeepChain.Cli.Ledger;

/// <summary>
/// The contracts a DeepChain node runs, wired as a node wires them: one <see cref="WorkerRewardLedger"/> shared by the
/// reward contract, the trading contract and the processing contract (which settles through the trading contract).
/// </summary>
/// <remarks>This is the one place the tool names the contract set: when a contract is added or its construction
/// changes, change it here and every command (<c>show</c>'s verdicts, <c>balances</c>) replays through the new set.</remarks>
internal sealed class StandardContracts
{
    public StandardContracts()
    {
        Balances = new WorkerRewardLedger();
        Trading = new TradingContract(Balances);
        Processing = new ProcessingContract(Trading);
        All = [new WorkerRewardContract(Balances), Trading, Processing, new PrivacyBudgetContract(Trading)];
    }

    /// <summary>Gets the balances every contract settles in.</summary>
    public WorkerRewardLedger Balances { get; }

    /// <summary>Gets the trading contract.</summary>
    public TradingContract Trading { get; }

    /// <summary>Gets the processing contract.</summary>
    public ProcessingContract Processing { get; }

    /// <summary>Gets every contract, in their initial (pre-genesis) state until a replay applies the ledger.</summary>
    public IReadOnlyList<IContract> All { get; }
}
