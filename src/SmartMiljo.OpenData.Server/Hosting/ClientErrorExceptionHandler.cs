using Microsoft.AspNetCore.Diagnostics;

namespace SmartMiljo.OpenData.Server.Hosting;

/// <summary>
/// A request the server itself refuses while an endpoint reads it (a body over Kestrel's
/// <c>MaxRequestBodySize</c>, a malformed or cut-off body) is the client's error: it answers with the status the
/// server chose (413, 400, 408) and a plain message in Swedish and English, never a 500.
/// </summary>
public sealed class ClientErrorExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var refused = Find(exception);
        if (refused is null || context.Response.HasStarted) return false;
        var status = refused.StatusCode;
        var (sv, en) = status == StatusCodes.Status413PayloadTooLarge ? TooLarge(context) : (
            "Begäran kunde inte läsas: " + refused.Message,
            "The request could not be read: " + refused.Message);
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Title = en,
                Detail = sv,
                Extensions = { ["message"] = sv, ["messageEn"] = en },
            },
        });
    }

    private static (string Sv, string En) TooLarge(HttpContext context)
    {
        // The limit in force for this request (Kestrel:Limits:MaxRequestBodySize, or an endpoint's own).
        var limit = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 30_000_000;
        var megabytes = (limit / 1_000_000.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        return ($"Filen är för stor: servern tar emot högst {megabytes} MB per begäran (Kestrel:Limits:MaxRequestBodySize).",
            $"The file is too large: the server accepts at most {megabytes} MB per request (Kestrel:Limits:MaxRequestBodySize).");
    }

    private static BadHttpRequestException? Find(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (e is BadHttpRequestException bad) return bad;
        return null;
    }
}
