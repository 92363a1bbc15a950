namespace ConsentFlow.Web.Components.Kiosk;

/// <summary>Section <c>ConsentFlow:Tablet</c>: how the patient's tablet reads the consent with them.</summary>
public sealed class TabletOptions
{
    public const string Section = "ConsentFlow:Tablet";

    /// <summary>
    /// A section shown for less time than this was most likely not read: it is flagged to the nurse on the case (the
    /// patient is not stopped; a fast reader may simply be fast, and the nurse decides whether to go over it again).
    /// </summary>
    public double MinimumSecondsPerSection { get; set; } = 8;
}
