using System.Globalization;
using System.Text;
using DeepChain.Core.Contracts;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Tests.Contracts;

/// <summary>
/// A canonical text form of everything the public queries show: balances, deposits, every task and round of the
/// trading contract and every funded task and round of the processing contract. Two states are equal when their dumps are.
/// </summary>
internal static class StateDump
{
    public static string Of(WorkerRewardLedger balances, TradingContract trading, ProcessingContract processing)
    {
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');
        Line(string.Create(CultureInfo.InvariantCulture, $"supply {balances.TotalSupply} initialized {balances.IsInitialized}"));
        foreach ((AccountAddress account, AccountBalance balance) in balances.Snapshot())
        {
            Line($"account {account} {balance}");
        }

        foreach ((EscrowKey key, ulong amount) in balances.EscrowSnapshot())
        {
            Line($"escrow {key.Account} {key.Holder} {amount}");
        }

        foreach (TaskId id in trading.Tasks)
        {
            TradingTask task = trading.GetTask(id)!;
            Line($"task {id} owner {task.Owner} {task.Parameters} closed {task.ClosedRounds} pool {task.RewardPool} finished {task.IsFinished} cancelled {task.IsCancelled}");
            Line($"  parties {string.Join(' ', task.Parties)}");
            for (int r = 0; r < task.Parameters.Rounds; r++)
            {
                TradingRound round = trading.GetRound(id, r)!;
                Line($"  round {r} {round.Outcome} valid {round.ValidShareCount} per party {round.RewardPerParty}");
                Line($"    gradients {string.Join(' ', round.Gradients)}");
                Line($"    shares {string.Join(' ', round.Shares)}");
                Line($"    forfeits {string.Join(' ', round.Forfeits)} rewarded {string.Join(' ', round.Rewarded)}");
            }

            if (processing.GetTask(id) is { } funded)
            {
                Line($"  processing owner {funded.Owner} {funded.Terms} pool {funded.Pool} closed {funded.IsClosed} workers {string.Join(' ', funded.Workers)}");
                for (int r = 0; r < task.Parameters.Rounds; r++)
                {
                    ProcessingRound round = processing.GetRound(id, r)!;
                    Line($"  processing round {r} {round.Outcome}");
                    foreach (ProcessingAttempt a in round.Attempts)
                    {
                        Line($"    attempt {a.Number} seed {a.Seed} window {a.Window} {a.Outcome} agreed {a.AgreedAggregate} per worker {a.RewardPerWorker}");
                        Line($"      committee {string.Join(' ', a.Committee)} aggregates {string.Join(' ', a.Aggregates)}");
                        Line($"      agreeing {string.Join(' ', a.Agreeing)} penalties {string.Join(' ', a.Penalties)} absent {string.Join(' ', a.Absent)}");
                    }
                }
            }
        }

        return text.ToString();
    }
}
