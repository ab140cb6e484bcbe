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

    /// <summary>A next link of a dataset version the platform no longer keeps (or whose columns changed).</summary>
    public static ODataRequestException VersionGone(int version, int current) => new(StatusCodes.Status410Gone, "VersionGone",
        $"This page belongs to version {version} of the dataset, which is no longer served (the current version is {current}). "
        + "Start again from the first page: the same request without $skiptoken.", "$skiptoken");

    /// <summary>The row table of the version being read went away while the request was served.</summary>
    public static ODataRequestException TableGone() => new(StatusCodes.Status410Gone, "VersionGone",
        "The dataset version this request reads has just been replaced and is no longer kept. "
        + "Start again from the first page: the same request without $skiptoken.");

    public static ODataRequestException NotAcceptable(string message) =>
        new(StatusCodes.Status406NotAcceptable, "NotAcceptable", message);
}
