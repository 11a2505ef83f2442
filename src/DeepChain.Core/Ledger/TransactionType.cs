namespace DeepChain.Core.Ledger;

/// <summary>
/// The kind of a transaction, which selects the contract that applies it. A type that no contract of the ledger
/// handles is rejected with a reason.
/// </summary>
/// <remarks>Values are part of the signed encoding and never change meaning. 1–15: worker reward ledger;
/// 16–31: trading contract; 32–47: processing contract; 64–79: privacy budget contract.</remarks>
#pragma warning disable CA1028 // The type is a ushort on the wire; the enum says so.
public enum TransactionType : ushort
#pragma warning restore CA1028
{
    /// <summary>Not a transaction type; never accepted.</summary>
    None = 0,

    /// <summary>The genesis allocation of the worker reward ledger (height 0 only, once).</summary>
    RewardGenesis = 1,

    /// <summary>Moves available balance from the sender to another account.</summary>
    RewardTransfer = 2,

    /// <summary>Locks part of the sender's available balance as a deposit for a holder.</summary>
    RewardEscrow = 3,

    /// <summary>Unlocks a deposit held by the sender back to its depositor.</summary>
    RewardRelease = 4,

    /// <summary>Pays a worker from the sender's available balance.</summary>
    RewardPayment = 5,

    /// <summary>Moves part of a deposit held by the sender to the sender.</summary>
    RewardSlash = 6,

    /// <summary>Opens a training task (trading contract).</summary>
    TradingOpenTask = 16,

    /// <summary>Registers the sender for a task, escrowing its deposit (trading contract).</summary>
    TradingRegister = 17,

    /// <summary>Submits the sender's encrypted gradient for a round, as a blob reference (trading contract).</summary>
    TradingSubmitGradient = 18,

    /// <summary>Submits the sender's decryption share for a round, as a blob reference (trading contract).</summary>
    TradingSubmitDecryptionShare = 19,

    /// <summary>Ends a task once every round is closed: refunds what is left of each deposit and returns the unspent
    /// reward budget to the owner (trading contract).</summary>
    TradingFinishTask = 20,

    /// <summary>Closes a round after its decryption window: faulty parties forfeit their penalty to the reward budget,
    /// the round's reward is paid to the parties that behaved, and the round is recorded as decrypted or failed
    /// (trading contract).</summary>
    TradingCloseRound = 21,

    /// <summary>The task owner hands a worker budget to the task's processing address and sets the processing terms (processing contract).</summary>
    ProcessingFundTask = 32,

    /// <summary>A worker stakes to take part in a task's aggregation, escrowing its stake (processing contract).</summary>
    ProcessingStake = 33,

    /// <summary>An assigned worker submits the round's aggregate, as a blob reference (processing contract).</summary>
    ProcessingSubmitAggregate = 34,

    /// <summary>Settles a round's attempt: a majority of the assigned workers agreeing is paid, dissenters and absent
    /// workers lose part of their stake; without a majority the round is re-run (processing contract).</summary>
    ProcessingSettleRound = 35,

    /// <summary>Refunds the workers' stakes and returns what is left of the budget to the owner once every round's
    /// attempt is settled (processing contract).</summary>
    ProcessingCloseTask = 36,

    /// <summary>Draws a round's worker committee from the previous block hash (processing contract).</summary>
    ProcessingAssignRound = 37,

    /// <summary>The task owner opens a task's differential-privacy budget: noise multiplier, clip norm, sampling rate, δ
    /// and ε budget (privacy budget contract, <see cref="Training.Privacy.PrivacyBudgetContract"/>).</summary>
    PrivacyOpenBudget = 72,

    /// <summary>The task owner records the (ε, δ) spent after a round, which every node recomputes from the task's
    /// terms; a record past the budget is rejected (privacy budget contract).</summary>
    PrivacyRecordSpend = 73,
}
