using System.Buffers.Binary;
using DeepChain.Core.Contracts;
using DeepChain.Core.Ledger;
using DeepChain.Core.Tests.Ledger;

namespace DeepChain.Core.Tests.Contracts;

/// <summary>
/// Bad input to the contracts: malformed payloads (every length but the one each type takes), a negative blob length,
/// oversized payloads, unknown transaction types, blob payloads, another chain's id: each is rejected with a reason
/// and changes no state (balances, deposits, tasks, rounds, nonces).
/// </summary>
/// <remarks>Malformed transaction encodings (truncated, trailing bytes, unknown version or payload kind, bad keys,
/// signatures by another key) never decode: see <see cref="TransactionTests"/>.</remarks>
public sealed class BadInputTests : IClassFixture<TestChain>
{
    private readonly TestChain _chain;

    public BadInputTests(TestChain chain) => _chain = chain;

    public static TheoryData<TransactionType, int> PayloadSizes => new()
    {
        { TransactionType.TradingOpenTask, 97 },
        { TransactionType.TradingRegister, 32 },
        { TransactionType.TradingSubmitGradient, 76 },
        { TransactionType.TradingSubmitDecryptionShare, 76 },
        { TransactionType.TradingCloseRound, 36 },
        { TransactionType.TradingFinishTask, 32 },
        { TransactionType.ProcessingFundTask, 72 },
        { TransactionType.ProcessingStake, 32 },
        { TransactionType.ProcessingAssignRound, 36 },
        { TransactionType.ProcessingSubmitAggregate, 76 },
        { TransactionType.ProcessingSettleRound, 36 },
        { TransactionType.ProcessingCloseTask, 32 },
    };

    [Theory]
    [MemberData(nameof(PayloadSizes))]
    public void MalformedPayload_OfEveryLengthButItsOwn_IsRejectedWithAReason(TransactionType type, int size)
    {
        using var s = Running(out TaskId task);
        Assert.Equal(size, ValidPayload(type, task).Length);
        foreach (int length in new[] { 0, 1, size - 1, size + 1, 2 * size })
        {
            byte[] payload = new byte[length];
            ValidPayload(type, task).AsSpan(0, Math.Min(size, length)).CopyTo(payload);
            s.AssertRejectedAndNothingChanged(s.Tx(_chain.Actors[1], type, payload), "bytes");
        }
    }

    [Theory]
    [InlineData(TransactionType.TradingSubmitGradient)]
    [InlineData(TransactionType.TradingSubmitDecryptionShare)]
    [InlineData(TransactionType.ProcessingSubmitAggregate)]
    public void NegativeBlobLength_IsRejectedWithAReason(TransactionType type)
    {
        using var s = Running(out TaskId task);
        byte[] payload = ValidPayload(type, task);
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(68), -1);
        s.AssertRejectedAndNothingChanged(s.Tx(_chain.Actors[1], type, payload), "negative");
    }

    [Theory]
    [MemberData(nameof(PayloadSizes))]
    public void BlobPayload_IsRejectedWithAReason(TransactionType type, int size)
    {
        using var s = Running(out _);
        Assert.True(size > 0);
        Transaction tx = Transaction.CreateWithBlob(TestChain.ChainId, type, s.NextNonce(_chain.Actors[1].Address), ContractTraffic.Blob(1), _chain.Actors[1]);
        s.AssertRejectedAndNothingChanged(tx, "inline payload");
    }

    [Theory]
    [MemberData(nameof(PayloadSizes))]
    public void OversizedPayload_IsRejectedWithAReason(TransactionType type, int size)
    {
        using var s = Running(out _);
        Assert.True(size < _chain.Parameters.MaxPayloadBytes);
        s.AssertRejectedAndNothingChanged(s.Tx(_chain.Actors[1], type, new byte[_chain.Parameters.MaxPayloadBytes + 1]), "limit");
    }

    [Theory]
    [InlineData(7)]
    [InlineData(15)]
    [InlineData(22)]
    [InlineData(31)]
    [InlineData(38)]
    [InlineData(47)]
    [InlineData(ushort.MaxValue)]
    public void UnknownType_IsRejectedWithAReason(ushort type)
    {
        using var s = Running(out TaskId task);
        s.AssertRejectedAndNothingChanged(s.Tx(_chain.Actors[1], (TransactionType)type, task.ToArray()), "not handled by any contract");
    }

    [Theory]
    [MemberData(nameof(PayloadSizes))]
    public void WrongChainId_IsRejectedWithAReason(TransactionType type, int size)
    {
        using var s = Running(out TaskId task);
        Assert.Equal(size, ValidPayload(type, task).Length);
        Transaction tx = Transaction.Create(TestChain.ChainId + 1, type, s.NextNonce(_chain.Actors[1].Address), ValidPayload(type, task), _chain.Actors[1]);
        s.AssertRejectedAndNothingChanged(tx, "for chain 8");
    }

    /// <summary>A task with two parties, funded for processing, one worker staked, a gradient submitted: not an empty state.</summary>
    private ContractScenario Running(out TaskId task)
    {
        var s = new ContractScenario(_chain);
        task = s.Open(_chain.Actors[0], TradingContractTests.Terms() with { RegistrationDeadline = 2, AggregationBlocks = 2 });
        s.AcceptAll(
            s.Tx(_chain.Actors[0], TransactionType.ProcessingFundTask, ProcessingPayloads.FundTask(task, new ProcessingTerms(600, 300, 100, 1, 0, 0, 1))),
            s.Tx(_chain.Actors[1], TransactionType.TradingRegister, TradingPayloads.Register(task)),
            s.Tx(_chain.Actors[2], TransactionType.TradingRegister, TradingPayloads.Register(task)),
            s.Tx(_chain.Actors[3], TransactionType.ProcessingStake, ProcessingPayloads.Stake(task)));
        s.AcceptAll(s.Tx(_chain.Actors[1], TransactionType.TradingSubmitGradient, TradingPayloads.SubmitGradient(task, 0, ContractTraffic.Blob(2))));
        return s;
    }

    private static byte[] ValidPayload(TransactionType type, TaskId task) => type switch
    {
        TransactionType.TradingOpenTask => TradingPayloads.OpenTask(TradingContractTests.Terms()),
        TransactionType.TradingRegister => TradingPayloads.Register(task),
        TransactionType.TradingSubmitGradient => TradingPayloads.SubmitGradient(task, 0, ContractTraffic.Blob(3)),
        TransactionType.TradingSubmitDecryptionShare => TradingPayloads.SubmitDecryptionShare(task, 0, ContractTraffic.Blob(3)),
        TransactionType.TradingCloseRound => TradingPayloads.CloseRound(task, 0),
        TransactionType.TradingFinishTask => TradingPayloads.FinishTask(task),
        TransactionType.ProcessingFundTask => ProcessingPayloads.FundTask(task, new ProcessingTerms(600, 300, 100, 1, 0, 0, 1)),
        TransactionType.ProcessingStake => ProcessingPayloads.Stake(task),
        TransactionType.ProcessingAssignRound => ProcessingPayloads.AssignRound(task, 0),
        TransactionType.ProcessingSubmitAggregate => ProcessingPayloads.SubmitAggregate(task, 0, ContractTraffic.Blob(3)),
        TransactionType.ProcessingSettleRound => ProcessingPayloads.SettleRound(task, 0),
        TransactionType.ProcessingCloseTask => ProcessingPayloads.CloseTask(task),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
