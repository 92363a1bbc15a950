using System.Text.RegularExpressions;
using ConsentFlow.Web.Tests.Support;
using Microsoft.Playwright;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Browser;

/// <summary>
/// The sedation screening as a nurse fills it in: the STOP-BANG score and the required markers follow the answers as
/// they are typed, a value out of range is flagged on leaving the field, and after saving the message says what
/// happened to the case (sent for review, or blocked) in the screen's language.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class SedationFormTests(RunningApp app, SharedChromium chromium) : BrowserTest(app, chromium, 1280, 900, Nurse)
{
    /// <summary>Each field in the form's order: a radio's position (0 = Yes / first choice), a check box by its test id or label position, or text to type.</summary>
    private static (string Field, object Answer)[] Screening(string escort, int screenedDaysAgo = 1) =>
    [
        ("screenedOn", ClinicDate(-screenedDaysAgo)), ("asaClass", 2), ("asaAssignedBy", "Dr. A. Rivera"), ("mallampati", 1),
        ("snoring", 0), ("tired", 0), ("observedApnea", 1), ("highBloodPressure", 0),
        ("bmi", "31.2"), ("neckCircumference", "41"),
        ("osaDiagnosed", 1), ("difficultAirway", 1), ("priorSedationReaction", 1), ("chronicOpioids", 1), ("benzodiazepines", 1),
        ("glp1Agonist", 1), ("homeOxygenOrHeartFailure", 1), ("cardiacDevice", 1), ("canLieProne", 0),
        ("antithrombotics", Check.First), ("renalImpairment", 1), ("allergies", Check.First),
        ("pregnancyPossible", 1), ("escortArranged", escort == "yes" ? 0 : 1), ("feverOrInfection", 1), ("caudaEquinaSigns", 1),
    ];

    private enum Check { First }

    /// <summary>A day at the clinic (the case's zone) counted from today, as typed into the browser's en-US date input.</summary>
    private static string ClinicDate(int days) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/Chicago")).AddDays(days).ToString("MMddyyyy");

    [Fact]
    public async Task A_refusal_that_names_no_field_is_focused_on_screen_not_left_above_the_viewport()
    {
        var patientCase = await StartAsync(App);
        await Page.GotoAsync($"/tasks/{(await patientCase.TaskAsync("sedation-screening"))["id"]}");
        await Page.Locator("[data-field=screenedOn] input").FocusAsync();
        foreach (var (field, answer) in Screening(escort: "yes", screenedDaysAgo: -1)) await AnswerAsync(field, answer);
        await TabToAsync("[data-testid=submit-task]");
        await Page.Keyboard.PressAsync("Enter");

        // A screening dated tomorrow breaks a workflow rule, not a field's type: the banner takes focus, in view.
        var banner = Page.GetByTestId("form-banner");
        await Assertions.Expect(banner).ToContainTextAsync("dated after the day it is recorded");
        await Assertions.Expect(banner).ToBeFocusedAsync();
        await Assertions.Expect(banner).ToBeInViewportAsync();
    }

    [Fact]
    public async Task A_nurse_completes_sedation_screening_with_the_keyboard_only_and_reads_that_it_went_to_anesthesiology()
    {
        var patientCase = await StartAsync(App);
        await Page.GotoAsync($"/cases/{patientCase.InstanceId}");
        await Page.GetByTestId("open-task").First.WaitForAsync();
        await TabToAsync("[data-testid=open-task]:has-text('Sedation screening')");
        await Page.Keyboard.PressAsync("Enter");
        await Page.Locator("[data-field=screenedOn]").WaitForAsync();

        var score = Page.Locator("[data-field=stopBangScore] input");
        await Assertions.Expect(score).ToHaveValueAsync(new Regex("^Shown once these are answered: Snores loudly, .*Neck circumference$"));
        foreach (var (field, answer) in Screening(escort: "yes"))
        {
            await AnswerAsync(field, answer);
            if (field == "highBloodPressure")
                await Assertions.Expect(score).ToHaveValueAsync("Shown once these are answered: Body-mass index, Neck circumference");
            if (field == "bmi")
            {
                // A BMI of 312 (a slipped decimal point) is flagged as the nurse leaves the field, before any save.
                await Page.Keyboard.PressAsync("Control+A");
                await Page.Keyboard.TypeAsync("312");
                await Page.Keyboard.PressAsync("Tab");
                await Assertions.Expect(Page.Locator("[data-field=bmi]")).ToContainTextAsync("must be at most 80 kg/m²");
                await Page.Keyboard.PressAsync("Shift+Tab");
                await Page.Keyboard.PressAsync("Control+A");
                await Page.Keyboard.TypeAsync("31.2");
                await Assertions.Expect(Page.Locator("[data-field=bmi]")).Not.ToContainTextAsync("must be at most");
            }
        }
        // Snoring, tired, pressure, age over 50 (born 1972), neck over 40 cm: 5, scored by the definition's own expression.
        await Assertions.Expect(score).ToHaveValueAsync("5");
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "sedation-live-score.png"), FullPage = true });

        await TabToAsync("[data-testid=submit-task]");
        await Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex($"/cases/{patientCase.InstanceId}$"));
        var message = Page.Locator(".mud-snackbar");
        await Assertions.Expect(message).ToContainTextAsync("Saved — sent to anesthesiologist for review, due by");
        await Assertions.Expect(message).Not.ToHaveClassAsync(new Regex("success"));
        Assert.Contains("anesthesia-escalation", (await patientCase.OpenTasksAsync()).Select(t => t!["stepId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task In_spanish_the_marker_follows_the_answers_and_a_screening_that_blocks_the_case_says_so_in_warning_colour()
    {
        var patientCase = await StartAsync(App);
        await Page.GotoAsync("/");
        await Page.GetByTestId("case-card").First.WaitForAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "ES", Exact = true }).ClickAsync();
        // The switch is remembered with the account once the board shows it; leaving before then could keep English.
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Pacientes" })).ToBeVisibleAsync();
        await Page.GotoAsync($"/tasks/{(await patientCase.TaskAsync("sedation-screening"))["id"]}");
        await Page.Locator("[data-field=screenedOn]").WaitForAsync();

        var details = Page.Locator("[data-field=allergyDetails] label");
        await Assertions.Expect(details).ToHaveTextAsync("Detalle de alergias (*)");
        await Page.Locator("[data-field=allergies]").GetByText("Otra", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(details).ToHaveTextAsync("Detalle de alergias *");
        await Page.Locator("[data-field=allergies]").GetByText("Otra", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(details).ToHaveTextAsync("Detalle de alergias (*)");

        await Page.Locator("[data-field=screenedOn] input").FocusAsync();
        foreach (var (field, answer) in Screening(escort: "no")) await AnswerAsync(field, answer);
        await Assertions.Expect(Page.Locator("[data-field=stopBangScore] input")).ToHaveValueAsync("5");

        await Page.GetByTestId("submit-task").ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex($"/cases/{patientCase.InstanceId}$"));
        var message = Page.Locator(".mud-snackbar");
        await Assertions.Expect(message).ToContainTextAsync(
            "Guardado — el caso queda bloqueado: No hay un adulto responsable para llevar al paciente a casa. Para seguir hace falta la anulación de anestesiólogo/a y cirujano/a.");
        await Assertions.Expect(message).ToHaveClassAsync(new Regex("warning"));
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "es-sedation-blocked.png") });
    }

    /// <summary>Answers one field from the keyboard: Tab to it, then type, or move to the wanted radio and press Space.</summary>
    private async Task AnswerAsync(string field, object answer)
    {
        var block = $"[data-field={field}]";
        await TabToAsync(block);
        switch (answer)
        {
            case string text:
                await Page.Keyboard.TypeAsync(text);
                break;
            case Check:
                await Page.Keyboard.PressAsync("Space");
                break;
            case int position:
                var radios = Page.Locator($"{block} input[type=radio]");
                for (var moves = 0; moves < 8; moves++)
                {
                    var focused = await radios.EvaluateAllAsync<int>("rs => rs.indexOf(document.activeElement)");
                    if (focused == position) break;
                    await Page.Keyboard.PressAsync(focused < position ? "ArrowDown" : "ArrowUp");
                    if (await radios.EvaluateAllAsync<int>("rs => rs.indexOf(document.activeElement)") == focused) await Page.Keyboard.PressAsync("Tab");
                }
                await Page.Keyboard.PressAsync("Space");
                await Assertions.Expect(radios.Nth(position)).ToBeCheckedAsync();
                break;
        }
    }

    /// <summary>Presses Tab until focus is inside <paramref name="selector"/>; fails when 80 presses do not get there.</summary>
    private async Task TabToAsync(string selector)
    {
        for (var presses = 0; presses < 80; presses++)
        {
            if (await Page.Locator(selector).EvaluateAllAsync<bool>("(found) => found.some(e => e.contains(document.activeElement))")) return;
            await Page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"Tab never reached {selector}");
    }
}
