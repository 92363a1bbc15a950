// Time spent on each consent section, measured on the patient's tablet. Every half second, a section counts as read
// when at least half of it (or 40% of the screen, for a section taller than the screen) is on screen and the page is
// visible. Plain polling of getBoundingClientRect keeps this simple and works the same with scrolling and zooming.
window.consentFlowReading = {
    start(container) {
        if (!container || container._consentFlowReading) return;
        const seconds = {};
        const sections = () => Array.from(container.querySelectorAll("[data-section-id]"));
        sections().forEach(s => { seconds[s.dataset.sectionId] = 0; });
        let last = performance.now();
        const tick = () => {
            const now = performance.now();
            const elapsed = (now - last) / 1000;
            last = now;
            if (document.visibilityState !== "visible" || elapsed > 5) return; // a sleeping tablet is not reading
            const viewport = window.innerHeight || document.documentElement.clientHeight;
            for (const section of sections()) {
                const rect = section.getBoundingClientRect();
                const shown = Math.max(0, Math.min(rect.bottom, viewport) - Math.max(rect.top, 0));
                if (rect.height > 0 && shown >= Math.min(rect.height * 0.5, viewport * 0.4)) {
                    const id = section.dataset.sectionId;
                    seconds[id] = (seconds[id] || 0) + elapsed;
                }
            }
        };
        container._consentFlowReading = { seconds, timer: setInterval(tick, 500), tick };
    },
    // "sectionId:seconds,..." in document order, seconds rounded to one decimal.
    collect(container) {
        const state = container && container._consentFlowReading;
        if (!state) return "";
        state.tick();
        return Array.from(container.querySelectorAll("[data-section-id]"))
            .map(s => s.dataset.sectionId + ":" + (Math.round((state.seconds[s.dataset.sectionId] || 0) * 10) / 10))
            .join(",");
    },
    stop(container) {
        const state = container && container._consentFlowReading;
        if (state) { clearInterval(state.timer); delete container._consentFlowReading; }
    }
};

// Saves a file streamed from the server (the circuit already knows who is acting), without putting it in a URL.
window.consentFlowDownload = async (fileName, streamReference) => {
    const buffer = await streamReference.arrayBuffer();
    const url = URL.createObjectURL(new Blob([buffer], { type: "application/pdf" }));
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = fileName;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
};
