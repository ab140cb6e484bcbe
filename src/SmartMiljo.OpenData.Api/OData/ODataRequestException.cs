using Microsoft.AspNetCore.Http;

namespace SmartMiljo.OpenData.Api.OData;

/// <summary>A request the service refuses, with the HTTP status and the OData error it answers with.</summary>
public sealed class ODataRequestException(int statusCode, string code, string message, string? target = null)
    : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string Code { get; } = code;
    public string? Target { get; } = target;

    public static ODataRequestException BadRequest(string message, string? target = null) =>
        new(StatusCodes.Status400BadRequest, "BadRequest", message, target);

    public static ODataRequestException NotImplemented(string message, string? target = null) =>
        new(StatusCodes.Status501NotImplemented, "NotImplemented", message, target);

    public static ODataRequestException NotFound(string message) =>
        new(StatusCodes.Status404NotFound, "NotFound", message);

    public static ODataRequestException NotAcceptable(string message) =>
        new(StatusCodes.Status406NotAcceptable, "NotAcceptable", message);
}
