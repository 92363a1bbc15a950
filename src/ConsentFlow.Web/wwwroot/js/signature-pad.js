// Minimal signature capture: records pointer strokes as "strokes:WxH;x,y x,y|x,y ..." (canvas size, then strokes separated
// by "|", in CSS pixels, the format SignatureMarks reads for the PDF) and reports them to
// .NET after every stroke. Pointer events cover mouse, pen and finger, so the same code works on desktop and tablets.
window.consentFlowSignature = {
    attach(canvas, dotnet) {
        const context = canvas.getContext("2d");
        const strokes = [];
        let current = null;
        const resize = () => {
            const ratio = window.devicePixelRatio || 1;
            canvas.width = canvas.clientWidth * ratio;
            canvas.height = canvas.clientHeight * ratio;
            context.setTransform(ratio, 0, 0, ratio, 0, 0);
            context.lineWidth = 2.2; context.lineCap = "round"; context.strokeStyle = "#102a43";
        };
        resize();
        const point = e => { const r = canvas.getBoundingClientRect(); return [Math.round(e.clientX - r.left), Math.round(e.clientY - r.top)]; };
        canvas.addEventListener("pointerdown", e => {
            canvas.setPointerCapture(e.pointerId);
            current = [point(e)];
            strokes.push(current);
            context.beginPath(); context.moveTo(...current[0]);
        });
        canvas.addEventListener("pointermove", e => {
            if (!current) return;
            const p = point(e); current.push(p); context.lineTo(...p); context.stroke();
        });
        const end = () => {
            if (!current) return;
            current = null;
            const size = Math.round(canvas.clientWidth) + "x" + Math.round(canvas.clientHeight);
            const text = "strokes:" + size + ";" + strokes.map(s => s.map(p => p.join(",")).join(" ")).join("|");
            dotnet.invokeMethodAsync("OnStrokes", text);
        };
        canvas.addEventListener("pointerup", end);
        canvas.addEventListener("pointercancel", end);
        canvas._consentFlowClear = () => { strokes.length = 0; context.clearRect(0, 0, canvas.width, canvas.height); };
    },
    clear(canvas) { if (canvas && canvas._consentFlowClear) canvas._consentFlowClear(); }
};
