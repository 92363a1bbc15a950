namespace ConsentFlow.Engine.Definitions;

/// <summary>
/// Case data a rule may read as <c>[case.x]</c>. Names and other direct identifiers are deliberately absent:
/// rules decide on clinical facts, and blocker sentences must never carry PHI.
/// </summary>
public static class CaseFields
{
    public const string Procedure = "procedure";
    public const string Cpt = "cpt";
    public const string Level = "level";
    public const string Side = "side";
    public const string Approach = "approach";
    public const string Surgeon = "surgeon";
    public const string SedationPlan = "sedationPlan";
    public const string ScheduledStart = "scheduledStart";
    public const string BirthDate = "birthDate";
    public const string Sex = "sex";
    /// <summary>The patient's preferred language (the case's language): rules compare it with the discussion and the consent text.</summary>
    public const string PreferredLanguage = "preferredLanguage";

    public static readonly IReadOnlySet<string> All = new HashSet<string>
    {
        Procedure, Cpt, Level, Side, Approach, Surgeon, SedationPlan, ScheduledStart, BirthDate, Sex, PreferredLanguage,
    };

    /// <summary>How the case's side reads in a sentence, per language (the case stores the code).</summary>
    public static readonly IReadOnlyDictionary<string, LocalizedText> ChoiceLabels = new Dictionary<string, LocalizedText>
    {
        ["left"] = LocalizedText.Of("left", "izquierdo"),
        ["right"] = LocalizedText.Of("right", "derecho"),
        ["bilateral"] = LocalizedText.Of("bilateral", "bilateral"),
    };

    /// <summary>Fields whose change is a material change to the consent (domain §1 "re-consent on").</summary>
    public static readonly IReadOnlySet<string> Amendable = new HashSet<string> { Level, Side, Approach, Surgeon, SedationPlan, ScheduledStart, Procedure, Cpt };
}
