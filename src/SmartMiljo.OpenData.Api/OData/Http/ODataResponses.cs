using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.AspNetCore.Http;
using Microsoft.OData.Edm.Csdl;
using SmartMiljo.OpenData.Api.OData.Model;

namespace SmartMiljo.OpenData.Api.OData.Http;

/// <summary>The small, non-streaming OData responses: errors, service document, metadata, plain text.</summary>
public static class ODataResponses
{
    public static async Task WriteErrorAsync(HttpContext context, ODataRequestException error)
    {
        var response = context.Response;
        response.StatusCode = error.StatusCode;
        response.ContentType = "application/json;odata.metadata=minimal;charset=utf-8";
        await using var json = new Utf8JsonWriter(response.Body);
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("code", error.Code);
        json.WriteString("message", error.Message);
        if (error.Target is not null) json.WriteString("target", error.Target);
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    public static async Task WriteServiceDocumentAsync(HttpContext context, ODataServiceModel model, string serviceRoot, JsonFormat format)
    {
        var response = context.Response;
        response.ContentType = format.ContentType;
        await using var json = new Utf8JsonWriter(response.Body);
        json.WriteStartObject();
        if (!format.MetadataNone) json.WriteString("@odata.context", serviceRoot + "$metadata");
        json.WriteStartArray("value");
        foreach (var set in model.EntitySets)
        {
            json.WriteStartObject();
            json.WriteString("name", set.Name);
            json.WriteString("kind", "EntitySet");
            json.WriteString("url", set.Name);
            json.WriteString("title", set.Dataset.Title);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    /// <summary>CSDL XML, or CSDL JSON (OData 4.01) when <paramref name="asJson"/>.</summary>
    public static async Task WriteMetadataAsync(HttpContext context, ODataServiceModel model, bool asJson)
    {
        // CsdlWriter writes synchronously; the document is small, so it is built in memory first.
        using var buffer = new MemoryStream();
        IEnumerable<Microsoft.OData.Edm.Validation.EdmError> errors;
        bool written;
        if (asJson)
        {
            using var json = new Utf8JsonWriter(buffer);
            written = CsdlWriter.TryWriteCsdl(model.Model, json, new CsdlJsonWriterSettings(), out errors);
            json.Flush();
        }
        else
        {
            using var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false });
            written = CsdlWriter.TryWriteCsdl(model.Model, xml, CsdlTarget.OData, out errors);
        }
        if (!written)
            throw new InvalidOperationException("The EDM model could not be written: " + string.Join("; ", errors.Select(e => e.ErrorMessage)));
        context.Response.ContentType = asJson ? "application/json;charset=utf-8" : "application/xml;charset=utf-8";
        context.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public static async Task WriteTextAsync(HttpContext context, string text)
    {
        context.Response.ContentType = "text/plain;charset=utf-8";
        await context.Response.WriteAsync(text, context.RequestAborted);
    }
}
