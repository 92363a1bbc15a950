using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ConsentFlow.Web.Tests.Browser;

/// <summary>The patient's steps on the tablet page, as a patient takes them: page through the consent, answer the questions, sign.</summary>
public static partial class TabletPage
{
    /// <summary>Ticks "I have read this section" and goes on, section after section, until the last one is done.</summary>
    /// <param name="onEachSection">Runs on every section before it is ticked, e.g. to look at its text.</param>
    public static async Task ReadEverySectionAsync(IPage page, Func<Task>? onEachSection = null)
    {
        var progress = page.GetByTestId("reading-progress");
        await progress.WaitForAsync();
        while (true)
        {
            var (current, total) = Progress(await progress.InnerTextAsync());
            if (onEachSection is not null) await onEachSection();
            await page.GetByTestId("section-read").CheckAsync();
            await Assertions.Expect(page.GetByTestId("section-next")).ToBeEnabledAsync();
            await page.GetByTestId("section-next").ClickAsync();
            if (current == total) return;
            await Assertions.Expect(progress).ToHaveTextAsync(new Regex($"^\\D*{current + 1}\\D"));
        }
    }

    /// <summary>"Section 3 of 11" / "Sección 3 de 11": where the patient is.</summary>
    public static (int Current, int Total) Progress(string text)
    {
        var numbers = Numbers().Matches(text).Select(m => int.Parse(m.Value)).ToList();
        return (numbers[0], numbers[1]);
    }

    /// <summary>Chooses an answer and checks it; the feedback (right, or the right answer) is then on screen.</summary>
    public static async Task AnswerAsync(IPage page, string value)
    {
        await page.Locator($"[data-testid=teach-back-choice][data-value='{value}']").CheckAsync();
        await page.GetByTestId("teach-back-check").ClickAsync();
        await page.GetByTestId("teach-back-feedback").WaitForAsync();
    }

    public static async Task DrawSignatureAsync(IPage page)
    {
        var pad = page.GetByTestId("signature-pad");
        await pad.ScrollIntoViewIfNeededAsync();
        var box = (await pad.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + 20, box.Y + 80);
        await page.Mouse.DownAsync();
        foreach (var (dx, dy) in new[] { (60, 40), (120, 100), (180, 50), (260, 110) }) await page.Mouse.MoveAsync(box.X + dx, box.Y + dy, new() { Steps = 4 });
        await page.Mouse.UpAsync();
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Numbers();
}
