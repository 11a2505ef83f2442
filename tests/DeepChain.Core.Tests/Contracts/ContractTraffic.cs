using System.Security.Cryptography;
using DeepChain.Core.Contracts;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;
using DeepChain.Core.Tests.Ledger;

namespace DeepChain.Core.Tests.Contracts;

/// <summary>
/// Turns FsCheck's bytes into contract traffic: every four bytes are (operation, actor, a, b). Most operations aim at
/// the state (the task's current window, a committee member) so that many are accepted, but nothing forces them to
/// fit (a wrong task, a late round, a duplicate, a non-member are all possible). Others are built to be refused
/// whatever the state: a replayed transaction, a wrong chain id, an unknown type, a malformed, oversized or blob
/// payload, a nonce ahead. Signatures by another key cannot even be decoded (<see cref="ForgeWithAnotherKey"/>).
/// </summary>
internal sealed class ContractTraffic
{
    public const int OperationCount = 23;

    /// <summary>The operation that proposes empty blocks instead of a transaction.</summary>
    public const int Advance = 13;

    /// <summary>The operation that forges a signature (checked at decoding; nothing is proposed).</summary>
    public const int Forge = 16;

    private static readonly TransactionType[] s_contractTypes =
    [
        TransactionType.TradingOpenTask, TransactionType.TradingRegister, TransactionType.TradingSubmitGradient,
        TransactionType.TradingSubmitDecryptionShare, TransactionType.TradingCloseRound, TransactionType.TradingFinishTask,
        TransactionType.ProcessingFundTask, TransactionType.ProcessingStake, TransactionType.ProcessingAssignRound,
        TransactionType.ProcessingSubmitAggregate, TransactionType.ProcessingSettleRound, TransactionType.ProcessingCloseTask,
    ];

    // The steps of a task several times as often as the rest.
    private static readonly int[] s_weighted = [.. Enumerable.Range(0, OperationCount), 1, 1, 2, 2, 3, 3, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10];

    private readonly ContractTrafficFixture _keys;
    private readonly ContractScenario _s;

    public ContractTraffic(ContractTrafficFixture keys, ContractScenario scenario)
    {
        _keys = keys;
        _s = scenario;
    }

    /// <summary>A deterministic verifier for the traffic: a share is invalid when its blob id starts with an odd byte.</summary>
    public static IDecryptionShareVerifier Verifier { get; } = new OddBlobsAreInvalid();

    /// <summary>Gets the blob a small number names (8 blobs: aggregates agree often, shares are valid about half the time).</summary>
    public static BlobReference Blob(int k) => new(new BlobId(SHA256.HashData([(byte)(k % 8)])), 100 + (k % 8));

    /// <summary>Builds the next transaction for the coming block.</summary>
    /// <returns>The transaction (null for <see cref="Advance"/> and <see cref="Forge"/>) and whether it must be refused.</returns>
    public (Transaction? Transaction, bool MustBeRejected) Next(ReadOnlySpan<byte> op)
    {
        int kind = KindOf(op[0]);
        int actor = op[1];
        int a = op[2];
        int b = op[3];
        LedgerSigningKey sender = actor % 10 == 9 ? _keys.Outsider : _keys.Funded[actor % 9];
        LedgerSigningKey party = actor % 10 == 9 ? _keys.Outsider : _keys.Funded[2 + (actor % 4)];
        LedgerSigningKey worker = _keys.Funded[6 + (actor % 3)];
        TaskId task = PickTask(a);
        TradingTask? trading = _s.Trading.GetTask(task);
        int rounds = trading?.Parameters.Rounds ?? 1;
        long height = _s.Height;
        if (trading is { Parties.IsEmpty: false } && actor % 5 != 4)
        {
            // Mostly a registered party, so that submissions have a chance.
            AccountAddress registered = trading.Parties[actor % trading.Parties.Length];
            party = _keys.Everyone.First(k => k.Address == registered);
        }

        switch (kind)
        {
            case 0:
                return (_s.Tx(_keys.Funded[actor % 2], TransactionType.TradingOpenTask, TradingPayloads.OpenTask(Terms(height, a, b))), false);
            case 1:
                return (_s.Tx(sender, TransactionType.TradingRegister, TradingPayloads.Register(task)), false);
            case 2:
                int gradientRound = CurrentRound(trading, t => t.GradientWindow, b);
                return (_s.Tx(party, TransactionType.TradingSubmitGradient, TradingPayloads.SubmitGradient(task, gradientRound, Blob(b))), false);
            case 3:
                int shareRound = CurrentRound(trading, t => t.DecryptionWindow, b);
                return (_s.Tx(party, TransactionType.TradingSubmitDecryptionShare, TradingPayloads.SubmitDecryptionShare(task, shareRound, Blob(b))), false);
            case 4:
                int closable = trading is null ? b % 2 : Enumerable.Range(0, rounds).FirstOrDefault(r => _s.Trading.GetRound(task, r)!.Outcome == TradingRoundOutcome.Open, b % (rounds + 1));
                return (_s.Tx(sender, TransactionType.TradingCloseRound, TradingPayloads.CloseRound(task, closable)), false);
            case 5:
                return (_s.Tx(sender, TransactionType.TradingFinishTask, TradingPayloads.FinishTask(task)), false);
            case 6:
                LedgerSigningKey funder = trading is not null && a % 4 != 3 ? _keys.Funded.First(k => k.Address == trading.Owner) : sender;
                var terms = new ProcessingTerms((ulong)(rounds * 300) + (ulong)(b % 2 * 100), 300, 500, 1 + (b % 3), 2_000, 1_000, 1 + (a % 3));
                return (_s.Tx(funder, TransactionType.ProcessingFundTask, ProcessingPayloads.FundTask(task, terms)), false);
            case 7:
                return (_s.Tx(actor % 4 == 3 ? sender : worker, TransactionType.ProcessingStake, ProcessingPayloads.Stake(task)), false);
            case 8:
                return (_s.Tx(sender, TransactionType.ProcessingAssignRound, ProcessingPayloads.AssignRound(task, CurrentRound(trading, t => t.AggregationWindow, b))), false);
            case 9:
                int aggregateRound = CurrentRound(trading, t => t.AggregationWindow, b);
                var committee = _s.Processing.GetAssignedWorkers(task, aggregateRound);
                LedgerSigningKey submitter = committee.Length > 0 && actor % 5 != 4 ? _keys.Funded.First(k => k.Address == committee[actor % committee.Length]) : sender;
                return (_s.Tx(submitter, TransactionType.ProcessingSubmitAggregate, ProcessingPayloads.SubmitAggregate(task, aggregateRound, Blob(b % 5 == 4 ? 1 : 0))), false);
            case 10:
                return (_s.Tx(sender, TransactionType.ProcessingSettleRound, ProcessingPayloads.SettleRound(task, CurrentRound(trading, t => t.AggregationWindow, b))), false);
            case 11:
                return (_s.Tx(sender, TransactionType.ProcessingCloseTask, ProcessingPayloads.CloseTask(task)), false);
            case 12:
                return (_s.Tx(sender, TransactionType.RewardTransfer, RewardPayloads.Transfer(_keys.Funded[a % 9].Address, (ulong)b * 10)), false);
            case Advance:
                return (null, false);
            case 14:
                // Replay, byte for byte, an accepted transaction.
                if (_s.Accepted.Count > 0)
                {
                    return (_s.Accepted[(a * 256 + b) % _s.Accepted.Count], true);
                }

                return (Transaction.Create(TestChain.ChainId + 1, TransactionType.TradingRegister, _s.NextNonce(sender.Address), TradingPayloads.Register(task), sender), true);
            case 15:
                return (Transaction.Create(TestChain.ChainId + 1 + (ulong)b, TransactionType.TradingRegister, _s.NextNonce(sender.Address), TradingPayloads.Register(task), sender), true);
            case Forge:
                return (null, true);
            case 17:
                var unknown = (TransactionType)(b % 3 == 0 ? 22 + (a % 10) : b % 3 == 1 ? 38 + (a % 10) : 100 + a);
                return (Transaction.Create(TestChain.ChainId, unknown, _s.NextNonce(sender.Address), TradingPayloads.Register(task), sender), true);
            case 18:
                // Every contract payload is at least 32 bytes: 0–31 bytes is malformed for every type.
                return (Transaction.Create(TestChain.ChainId, s_contractTypes[a % s_contractTypes.Length], _s.NextNonce(sender.Address), new byte[b % 32], sender), true);
            case 19:
                return (Transaction.Create(TestChain.ChainId, s_contractTypes[a % s_contractTypes.Length], _s.NextNonce(sender.Address), new byte[_keys.Chain.Parameters.MaxPayloadBytes + 1 + b], sender), true);
            case 20:
                return (Transaction.Create(TestChain.ChainId, TransactionType.TradingRegister, _s.NextNonce(sender.Address) + 1 + (ulong)(b % 4), TradingPayloads.Register(task), sender), true);
            case 21:
                return (Transaction.CreateWithBlob(TestChain.ChainId, s_contractTypes[a % s_contractTypes.Length], _s.NextNonce(sender.Address), Blob(b), sender), true);
            default:
                // A closing transaction of some kind for the task, whatever its state: moves the protocol along.
                TransactionType type = (b % 3) switch { 0 => TransactionType.TradingCloseRound, 1 => TransactionType.ProcessingSettleRound, _ => TransactionType.TradingFinishTask };
                byte[] payload = type == TransactionType.TradingFinishTask ? TradingPayloads.FinishTask(task) : TradingPayloads.TaskRound(task, CurrentRound(trading, t => t.AggregationWindow, a));
                return (_s.Tx(sender, type, payload), false);
        }
    }

    /// <summary>Maps an operation byte to an operation, weighted so that a task often gets parties and submissions in time.</summary>
    public static int KindOf(byte op) => s_weighted[op % s_weighted.Length];

    /// <summary>Re-signs an encoding with another key but keeps the claimed sender: the bytes must not decode.</summary>
    public bool ForgeWithAnotherKey(ReadOnlySpan<byte> op)
    {
        LedgerSigningKey claimed = _keys.Funded[op[1] % 9];
        LedgerSigningKey signer = _keys.Funded[(op[1] + 1 + (op[2] % 8)) % 9];
        byte[] encoded = Transaction.Create(TestChain.ChainId, TransactionType.TradingRegister, _s.NextNonce(claimed.Address), TradingPayloads.Register(PickTask(op[3])), signer).ToArray();
        claimed.PublicKey.Encoded.CopyTo(encoded.AsSpan(1 + 8 + 2));
        return !Transaction.TryDecode(encoded, out _, out _);
    }

    private TaskId PickTask(int a)
    {
        var tasks = _s.Trading.Tasks;
        // Mostly the latest task, sometimes the one before, sometimes one that does not exist.
        return tasks.IsEmpty || a % 8 == 7 ? new TaskId(SHA256.HashData([(byte)a, 0xEE])) : tasks[^(a % 8 == 6 && tasks.Length > 1 ? 2 : 1)];
    }

    /// <summary>The round whose window holds the coming block, or else one picked by <paramref name="b"/> (possibly out of range).</summary>
    private int CurrentRound(TradingTask? task, Func<TradingTaskParameters, Func<int, HeightWindow>> window, int b)
    {
        if (task is null)
        {
            return b % 2;
        }

        for (int r = 0; r < task.Parameters.Rounds; r++)
        {
            if (window(task.Parameters)(r).Contains(_s.Height))
            {
                return r;
            }
        }

        return b % (task.Parameters.Rounds + 1);
    }

    private static TradingTaskParameters Terms(long height, int a, int b)
    {
        int minParties = 1 + ((b >> 4) % 2);
        return new TradingTaskParameters(
            new BlobId(SHA256.HashData([(byte)a, (byte)b])), ParameterCount: 1 + a, Rounds: 1 + (b % 2), AggregationScheme: (byte)(a % 6),
            Threshold: a % 16 == 15 ? 5 : 1 + ((b >> 3) % minParties), minParties, MaxParties: 4, Deposit: 1_000,
            PenaltyBasisPoints: b % 4 * 2_500, RewardBudget: (ulong)(a % 3 * 500), RegistrationDeadline: height + 4 + (b % 8),
            GradientBlocks: 2 + (a % 3), AggregationBlocks: 3 + ((a >> 2) % 3), DecryptionBlocks: 2 + ((a >> 4) % 3));
    }

    private sealed class OddBlobsAreInvalid : IDecryptionShareVerifier
    {
        public bool Verify(DecryptionShareClaim claim) => (claim.Share.Id.ToArray()[0] & 1) == 0;
    }
}
