// Reads one consent section aloud with the browser's own speech synthesis, in the patient's language. Nothing leaves
// the tablet: no speech service is called. The voice stops whenever the patient leaves the section.
const synth = () => ("speechSynthesis" in window ? window.speechSynthesis : null);

export function supported() {
    return synth() !== null && typeof window.SpeechSynthesisUtterance === "function";
}

// lang: "en-US" or "es-ES". Resolves when the reading ends or is stopped, so the button can reset itself.
export function speak(text, lang, done) {
    const speech = synth();
    if (!speech) return false;
    speech.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    utterance.rate = 0.9; // a little slower than conversation: the text is new to the listener
    const voice = speech.getVoices().find(v => v.lang === lang) || speech.getVoices().find(v => v.lang && v.lang.startsWith(lang.slice(0, 2)));
    if (voice) utterance.voice = voice;
    const finish = () => { if (done) done.invokeMethodAsync("ReadingEnded").catch(() => { }); };
    utterance.onend = finish;
    utterance.onerror = finish;
    speech.speak(utterance);
    return true;
}

export function stop() {
    const speech = synth();
    if (speech) speech.cancel();
}

// After paging, the new section's heading takes focus so a screen reader starts at the top of what just appeared.
export function focusFirst(selector) {
    const target = document.querySelector(selector);
    if (target) target.focus({ preventScroll: false });
}
