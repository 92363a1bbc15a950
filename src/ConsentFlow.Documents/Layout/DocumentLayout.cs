namespace ConsentFlow.Documents.Layout;

/// <summary>Flows blocks onto pages, keeping each heading on the same page as what follows it.</summary>
internal static class DocumentLayout
{
    public static void Render(IReadOnlyList<ILayoutBlock> blocks, PageFlow flow)
    {
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i] is HeadingBlock heading)
            {
                var next = i + 1 < blocks.Count ? blocks[i + 1].LeadHeight(flow) : 0;
                flow.EnsureSpace(heading.Height(flow) + next);
            }

            blocks[i].Render(flow);
        }
    }
}
