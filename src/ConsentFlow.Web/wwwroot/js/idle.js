// Ends an unattended screen: staff pages sign out, the patient tablet returns to its lock screen.
// The page names where to go and after how long (data-idle-url, data-idle-minutes on an element with data-idle).
(function () {
    let timer = null;
    function arm() {
        const marker = document.querySelector('[data-idle]');
        if (timer) clearTimeout(timer);
        if (!marker) return;
        const minutes = parseFloat(marker.getAttribute('data-idle-minutes') || '15');
        const url = marker.getAttribute('data-idle-url');
        timer = setTimeout(() => { window.location.href = url; }, minutes * 60 * 1000);
    }
    ['pointerdown', 'keydown', 'wheel', 'touchstart'].forEach(type => document.addEventListener(type, arm, { passive: true }));
    new MutationObserver(() => { if (!timer) arm(); }).observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener('DOMContentLoaded', arm);
})();
