namespace DeepChain.Core.Contracts;

/// <summary>The default <see cref="IGradientVerifier"/>: every gradient blob reference is accepted as submitted.</summary>
/// <remarks>For deployments that check uploads off-chain (the workers then leave malformed ones out of the aggregate,
/// but the party is not penalised by the contract).</remarks>
public sealed class AcceptAllGradients : IGradientVerifier
{
    private AcceptAllGradients()
    {
    }

    /// <summary>Gets the one instance.</summary>
    public static AcceptAllGradients Instance { get; } = new();

    /// <summary>Accepts the gradient.</summary>
    /// <param name="claim">The gradient (unused).</param>
    /// <returns>Always <see langword="null"/>.</returns>
    public string? Verify(GradientClaim claim) => null;
}
