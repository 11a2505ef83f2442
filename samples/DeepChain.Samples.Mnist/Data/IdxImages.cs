namespace DeepChain.Samples.Mnist.Data;

/// <summary>Images read from an IDX3 file: <see cref="Count"/> images of <see cref="Rows"/> × <see cref="Columns"/> bytes, row-major.</summary>
/// <param name="Count">The number of images.</param>
/// <param name="Rows">Pixel rows per image.</param>
/// <param name="Columns">Pixel columns per image.</param>
/// <param name="Pixels">All pixels, image after image, 0 to 255.</param>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels)
{
    /// <summary>Gets the number of pixels per image.</summary>
    public int PixelsPerImage => Rows * Columns;
}
