namespace SmartMiljo.OpenData.Rdf.Dcat;

/// <summary>Checks and converts the values the DCAT mappers write: texts, IRIs, e-mail, telephone, organisations.</summary>
internal static class DcatValues
{
    public static RdfDescription RightsStatement() => RdfDescription.Anonymous().AddType(Vocab.Dct.RightsStatement)
        .Add(Vocab.Rdfs.Label, Literal.LanguageTagged("Fri att använda och vidareutnyttja enligt angiven licens.", "sv"))
        .Add(Vocab.Rdfs.Label, Literal.LanguageTagged("Free to use and re-use under the stated licence.", "en"));

    public static void AddText(RdfDescription d, Iri predicate, LocalizedText? text, string what)
    {
        if (text is null || string.IsNullOrWhiteSpace(text.Sv)) throw new DcatMappingException($"The {what} is missing its Swedish text.");
        d.Add(predicate, Literal.LanguageTagged(text.Sv.Trim(), "sv"));
        if (!string.IsNullOrWhiteSpace(text.En)) d.Add(predicate, Literal.LanguageTagged(text.En.Trim(), "en"));
    }

    /// <summary>Builds the error message only on failure: this runs for every URL of every dataset.</summary>
    public static Iri CheckedIri(string? value, string what, string where, string? detail = null) =>
        Iri.TryCreate(value?.Trim(), out var iri) ? iri
            : throw new DcatMappingException($"The {what} of {where}{(detail is null ? "" : " (" + detail + ")")} '{value}' is not an absolute IRI.");

    public static Iri CheckedIri(string value, string what) =>
        Iri.TryCreate(value?.Trim(), out var iri) ? iri : throw new DcatMappingException($"The {what} '{value}' is not an absolute IRI.");

    public static Iri MailTo(string email)
    {
        var address = email.Trim();
        if (address.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) address = address[7..];
        int at = address.IndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.Any(char.IsWhiteSpace))
            throw new DcatMappingException($"'{email}' is not an e-mail address.");
        return CheckedIri("mailto:" + address, "e-mail address");
    }

    /// <summary>A tel: IRI in international form: Swedish national numbers (leading 0) get +46.</summary>
    public static Iri Tel(string phone)
    {
        var digits = new string(phone.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());
        if (digits.StartsWith("00", StringComparison.Ordinal)) digits = "+" + digits[2..];
        else if (digits.StartsWith('0')) digits = "+46" + digits[1..];
        if (digits.Length < 4 || digits.LastIndexOf('+') > 0) throw new DcatMappingException($"'{phone}' is not a telephone number.");
        return Iri.Create("tel:" + digits);
    }

    public static void ValidateOrganisation(DcatOrganisation org)
    {
        ArgumentNullException.ThrowIfNull(org);
        if (string.IsNullOrWhiteSpace(org.Name)) throw new DcatMappingException($"Organisation '{org.Slug}' needs a name.");
        _ = DcatIris.Publisher(org.OrganisationNumber);
        if (org.MunicipalityCode is { } code && (code.Length != 4 || !code.All(char.IsAsciiDigit)))
            throw new DcatMappingException($"Kommunkod '{code}' of {org.Slug} must be four digits.");
    }
}
