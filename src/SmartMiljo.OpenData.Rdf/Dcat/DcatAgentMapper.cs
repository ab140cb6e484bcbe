using static SmartMiljo.OpenData.Rdf.Dcat.DcatTerms;
using static SmartMiljo.OpenData.Rdf.Dcat.DcatValues;

namespace SmartMiljo.OpenData.Rdf.Dcat;

/// <summary>Publishers (foaf:Agent with ADMS type) and contact points (vcard:Kind) of catalogues and datasets.</summary>
internal sealed class DcatAgentMapper(DcatDeclarations declarations)
{
    private readonly DcatDeclarations _declarations = declarations;

    public IEnumerable<RdfDescription> Agent(string name, string organisationNumber, AdmsPublisherType type, string? homepage)
    {
        var iri = Iri.Create(DcatIris.Publisher(organisationNumber));
        if (!_declarations.MarkDeclared(iri.Value)) yield break;
        if (string.IsNullOrWhiteSpace(name)) throw new DcatMappingException($"The publisher {iri.Value} needs a name.");
        var typeIri = Iri.Create(DcatVocabularies.PublisherTypeIri(type));
        var agent = new RdfDescription(iri).AddType(Vocab.Foaf.Agent).AddType(Vocab.Foaf.Organization)
            .Add(Vocab.Foaf.Name, Literal.LanguageTagged(name, "sv"))
            .Add(Vocab.Dct.Type, typeIri)
            .Add(Vocab.Dct.Identifier, Literal.Plain(iri.Value[DcatIris.DataportalOrganisationNamespace.Length..]));
        if (homepage is not null) agent.Add(Vocab.Foaf.Homepage, CheckedIri(homepage, "homepage"));
        yield return agent;
        foreach (var d in _declarations.DeclareConcept(typeIri, Iri.Create("http://purl.org/adms/publishertype/1.0"))) yield return d;
        if (homepage is not null) foreach (var d in _declarations.Declare(Iri.Create(homepage), Vocab.Foaf.Document)) yield return d;
    }

    /// <summary>
    /// The HVD shapes require rdf:type rdfs:Resource on a contact's e-mail and URL; validators do not infer it.
    /// </summary>
    public IEnumerable<RdfDescription> DeclareContactValues(RdfDescription contact)
    {
        foreach (var s in contact.Statements)
            if ((s.Predicate.Equals(Vocab.Vcard.HasEmail) || s.Predicate.Equals(Vocab.Vcard.HasUrl)) && s.Object is Iri value && _declarations.MarkDeclared("resource " + value.Value))
                yield return new RdfDescription(value).AddType(RdfsResource);
    }

    /// <summary>A harvested record's own publisher, named by its IRI at the source; described once per document.</summary>
    public IEnumerable<RdfDescription> SourcePublisher(Iri iri, string name, string where)
    {
        if (!_declarations.MarkDeclared(iri.Value)) yield break;
        if (string.IsNullOrWhiteSpace(name)) throw new DcatMappingException($"The publisher {iri.Value} of {where} needs a name.");
        yield return new RdfDescription(iri).AddType(Vocab.Foaf.Agent).Add(Vocab.Foaf.Name, Literal.LanguageTagged(name.Trim(), "sv"));
    }

    public static RdfDescription Contact(Iri iri, string name, string email, string? phone, string? url, DcatAddress? address = null)
    {
        var contact = new RdfDescription(iri).AddType(Vocab.Vcard.Organization).AddType(Vocab.Vcard.Kind)
            .Add(Vocab.Vcard.Fn, Literal.LanguageTagged(name, "sv"))
            .Add(Vocab.Vcard.HasEmail, MailTo(email));
        if (!string.IsNullOrWhiteSpace(phone))
            contact.Add(Vocab.Vcard.HasTelephone, RdfDescription.Anonymous().Add(Vocab.Vcard.HasValue, Tel(phone)));
        if (url is not null) contact.Add(Vocab.Vcard.HasUrl, CheckedIri(url, "contact URL"));
        if (address is not null && (address.Street ?? address.PostalCode ?? address.Locality) is not null)
        {
            var node = RdfDescription.Anonymous().AddType(Vocab.Vcard.Address);
            if (!string.IsNullOrWhiteSpace(address.Street)) node.Add(Vocab.Vcard.StreetAddress, Literal.Plain(address.Street.Trim()));
            if (!string.IsNullOrWhiteSpace(address.PostalCode)) node.Add(Vocab.Vcard.PostalCode, Literal.Plain(address.PostalCode.Trim()));
            if (!string.IsNullOrWhiteSpace(address.Locality)) node.Add(Vocab.Vcard.Locality, Literal.Plain(address.Locality.Trim()));
            contact.Add(Vocab.Vcard.HasAddress, node);
        }
        return contact;
    }
}
