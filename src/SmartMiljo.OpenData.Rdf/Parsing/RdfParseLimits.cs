using System.Globalization;

namespace SmartMiljo.OpenData.Rdf.Parsing;

/// <summary>
/// Bounds on what one parsed document may hold. Every parser reads input from outside (uploads, harvested
/// catalogues, validation URLs), so nesting depth is limited before recursion can exhaust the stack, and
/// the number of triples and the length of a single term are limited before memory runs out. Exceeding
/// a limit is a parse error (<see cref="RdfException"/>), never a crash.
/// </summary>
public sealed record RdfParseLimits
{
    /// <summary>
    /// Nested blank nodes, collections, XML node/property elements or JSON objects. Real catalogues nest a
    /// handful of levels (dataset → distribution → checksum); 256 leaves ample room.
    /// </summary>
    public int MaxDepth { get; init; } = 256;

    /// <summary>Triples in one document (the largest national catalogues hold a few million).</summary>
    public long MaxTriples { get; init; } = 20_000_000;

    /// <summary>Characters in one literal or IRI (a long WKT geometry fits; a runaway string does not).</summary>
    public int MaxTermLength { get; init; } = 8_000_000;

    public static RdfParseLimits Default { get; } = new();

    /// <summary>Wraps <paramref name="emit"/> so that it counts triples and checks term lengths.</summary>
    internal Action<Triple> Guard(Action<Triple> emit)
    {
        long count = 0;
        var maxTriples = MaxTriples;
        var maxLength = MaxTermLength;
        return triple =>
        {
            if (++count > maxTriples)
                throw new RdfException($"The document has more than {maxTriples.ToString("N0", CultureInfo.InvariantCulture)} triples, the limit for one document.");
            if (triple.Object is Literal literal && literal.Lexical.Length > maxLength)
                throw new RdfException($"A literal of {triple.Predicate} is {literal.Lexical.Length.ToString("N0", CultureInfo.InvariantCulture)} characters long; the limit is {maxLength.ToString("N0", CultureInfo.InvariantCulture)}.");
            if (triple.Object is Iri iri && iri.Value.Length > maxLength || triple.Subject is Iri s && s.Value.Length > maxLength)
                throw new RdfException($"An IRI is longer than the limit of {maxLength.ToString("N0", CultureInfo.InvariantCulture)} characters.");
            emit(triple);
        };
    }

    internal RdfException TooDeep(string syntax, string where) =>
        new($"{syntax}: the document nests deeper than {MaxDepth.ToString(CultureInfo.InvariantCulture)} levels{where}; it is refused to protect the server.");
}
