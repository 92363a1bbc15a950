// The consent template editor's browser side: Monaco is loaded only when the studio opens (it is large, and no
// clinical screen needs it), lint findings become Monaco markers, and a sample PDF opens in a new tab.
const monacoScripts = [
    "_content/BlazorMonaco/jsInterop.js",
    "_content/BlazorMonaco/lib/monaco-editor/min/vs/loader.js",
    "_content/BlazorMonaco/lib/monaco-editor/min/vs/editor/editor.main.js",
];

function load(src) {
    return new Promise((resolve, reject) => {
        if (document.querySelector(`script[src="${src}"]`)) { resolve(); return; }
        const script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = () => reject(new Error(`could not load ${src}`));
        document.head.appendChild(script);
    });
}

export async function ensureMonaco() {
    for (const src of monacoScripts) await load(src);
    // editor.main.js defines its modules through the AMD loader; wait until the editor API is there. A slow or busy
    // machine can take many seconds to parse megabytes of script: 30 s, as the workflow editor waits.
    for (let i = 0; i < 1200 && !(window.monaco && window.monaco.editor); i++)
        await new Promise(r => setTimeout(r, 25));
    oneEditorPerContainer();
    return !!(window.monaco && window.monaco.editor);
}

// BlazorMonaco disposes an editor it still knows under the same id before creating another; an editor it no longer
// knows (a page rendered again) can leave its DOM behind, so the container is emptied first: one editor per container.
function oneEditorPerContainer() {
    const api = window.blazorMonaco && window.blazorMonaco.editor;
    if (!api || api.consentFlowOneEditor) return;
    const create = api.create;
    api.create = function (id, options, override, dotnetRef) {
        const container = document.getElementById(id);
        if (container && this.getEditor(id, true) === null) container.replaceChildren();
        return create.call(this, id, options, override, dotnetRef);
    };
    api.consentFlowOneEditor = true;
}

function editorOf(id) {
    const entry = window.blazorMonaco && window.blazorMonaco.editors.find(e => e.id === id);
    return entry ? entry.editor : null;
}

// findings: [{ line, message }]; each marks its whole line.
export function setMarkers(id, findings) {
    const editor = editorOf(id);
    if (!editor) return;
    const model = editor.getModel();
    const last = model.getLineCount();
    monaco.editor.setModelMarkers(model, "template-lint", findings.map(f => {
        const line = Math.min(Math.max(1, f.line), last);
        return {
            startLineNumber: line, endLineNumber: line, startColumn: 1, endColumn: Math.max(2, model.getLineMaxColumn(line)),
            message: f.message, severity: monaco.MarkerSeverity.Error,
        };
    }));
}

export function goToLine(id, line) {
    const editor = editorOf(id);
    if (!editor) return;
    editor.revealLineInCenter(line);
    editor.setPosition({ lineNumber: line, column: 1 });
    editor.focus();
}

export function openPdf(base64, fileName) {
    const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
    const opened = window.open(url, "_blank");
    if (!opened) {
        const link = document.createElement("a");
        link.href = url;
        link.download = fileName;
        link.click();
    }
    setTimeout(() => URL.revokeObjectURL(url), 60000);
}
