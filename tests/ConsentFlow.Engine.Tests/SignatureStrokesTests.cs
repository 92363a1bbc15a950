using ConsentFlow.Engine.Forms;

namespace ConsentFlow.Engine.Tests;

/// <summary>A signature is pen strokes from the pad, within bounds (issue 11); anything else is refused with the reason, never the value.</summary>
public sealed class SignatureStrokesTests
{
    [Theory]
    [InlineData("strokes:560x160;20,80 60,40 120,100 180,50|200,90 260,110")]
    [InlineData("strokes:10,10 40,30 80,12 120,34|20,40 60,44 100,38")]
    [InlineData("strokes:300x100;5,20 60,22 110,18")]
    [InlineData("strokes:560x160;-2,80 60,40 563,100")]
    public void Pen_strokes_on_the_pad_are_a_signature(string value)
    {
        var (signature, error) = SignatureStrokes.Parse(value);
        Assert.Null(error);
        Assert.True(signature!.PointCount >= SignatureStrokes.MinPoints);
    }

    [Theory]
    [InlineData("hello", "must be pen strokes")]
    [InlineData("strokes:", "has no pen strokes")]
    [InlineData("strokes:300x100;", "has no pen strokes")]
    [InlineData("data:image/png;base64,iVBORw0KGgo=", "must be pen strokes")]
    [InlineData("strokes:NaN,1 2,3 4,5", "finite numbers")]
    [InlineData("strokes:1e400,1 2,3 4,5", "finite numbers")]
    [InlineData("strokes:Infinity,1 2,3 4,5", "finite numbers")]
    [InlineData("strokes:10,10", "too short")]
    [InlineData("strokes:10,10 11,11 12,12", "too short")]
    [InlineData("strokes:10,10 50,50 5000,20", "outside the signature pad")]
    [InlineData("strokes:0x0;10,10 50,50 90,20", "pad size")]
    [InlineData("strokes:abcx100;10,10 50,50 90,20", "must be pen strokes")]
    [InlineData("strokes:10;10 50,50 90,20", "must be pen strokes")]
    public void Anything_else_is_refused_with_the_reason(string value, string reason)
    {
        var (signature, error) = SignatureStrokes.Parse(value);
        Assert.Null(signature);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void A_signature_has_a_maximum_size()
    {
        var huge = "strokes:300x100;" + string.Join(" ", Enumerable.Range(0, SignatureStrokes.MaxPoints + 1).Select(i => $"{i % 300},{i % 100}"));
        Assert.Contains("at most", SignatureStrokes.Parse(huge).Error);
        Assert.Contains("at most 500000 characters", SignatureStrokes.Parse("strokes:" + new string('1', 500_001)).Error);
    }
}
