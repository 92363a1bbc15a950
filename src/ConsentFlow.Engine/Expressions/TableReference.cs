using NCalc;

namespace ConsentFlow.Engine.Expressions;

/// <summary>
/// A <c>lookup('table', key)</c> or <c>inTable('table', key)</c> call in a rule. <see cref="Table"/> and <see cref="Key"/>
/// are set when written as constants, so validation can reject a misspelt table or key before anything runs.
/// </summary>
public sealed record TableReference(string Function, string? Table, string? Key)
{
    internal static IReadOnlyList<TableReference> In(LogicalExpression? root)
    {
        var found = new List<TableReference>();
        Visit(root, found);
        return found;
    }

    private static void Visit(LogicalExpression? node, List<TableReference> found)
    {
        switch (node)
        {
            case Function function:
                var arguments = function.Parameters.ToList();
                if (RuleFunctions.TableFunctions.Contains(function.Identifier.Name))
                    found.Add(new TableReference(function.Identifier.Name, Constant(arguments.ElementAtOrDefault(0)), Constant(arguments.ElementAtOrDefault(1))));
                foreach (var argument in arguments) Visit(argument, found);
                break;
            case BinaryExpression binary:
                Visit(binary.LeftExpression, found);
                Visit(binary.RightExpression, found);
                break;
            case TernaryExpression ternary:
                Visit(ternary.LeftExpression, found);
                Visit(ternary.MiddleExpression, found);
                Visit(ternary.RightExpression, found);
                break;
            case UnaryExpression unary:
                Visit(unary.Expression, found);
                break;
            case LogicalExpressionList list:
                foreach (var item in list) Visit(item, found);
                break;
        }
    }

    private static string? Constant(LogicalExpression? node) => node is ValueExpression { Value: string text } ? text : null;
}
