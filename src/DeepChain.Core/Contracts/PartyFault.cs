namespace DeepChain.Core.Contracts;

/// <summary>Why a party forfeits a penalty when a round is closed.</summary>
public enum PartyFault
{
    /// <summary>The party submitted no encrypted gradient in the round's gradient window.</summary>
    MissingGradient = 1,

    /// <summary>The party's decryption share was judged invalid by the contract's verifier.</summary>
    InvalidDecryptionShare = 2,
}
