// Moves focus to a form field by its data-field id: the first control inside it, centred on screen, so a person who
// submitted a long form with errors lands on the first one (WCAG 3.3.1) instead of a banner far above the viewport.
export function focusField(fieldId) {
    const field = document.querySelector(`[data-field="${CSS.escape(fieldId)}"]`);
    if (!field) return;
    const control = field.querySelector("input:not([type=hidden]):not([disabled]), textarea, select, button:not([disabled]), canvas, [tabindex]:not([tabindex='-1'])");
    field.scrollIntoView({ block: "center" });
    (control ?? field).focus({ preventScroll: true });
}
