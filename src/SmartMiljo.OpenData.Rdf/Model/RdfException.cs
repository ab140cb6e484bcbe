namespace SmartMiljo.OpenData.Rdf;

/// <summary>Invalid RDF input or a term that cannot be represented: the message says what and where.</summary>
public class RdfException : FormatException
{
    public RdfException(string message) : base(message) { }
    public RdfException(string message, Exception inner) : base(message, inner) { }
}
