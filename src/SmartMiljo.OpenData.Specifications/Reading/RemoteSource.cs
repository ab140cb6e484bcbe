using System.Net;

namespace SmartMiljo.OpenData.Specifications.Reading;

/// <summary>
/// Opens a file published at a URL as a stream, turning everything that can go wrong (bad address,
/// no answer, HTTP error, a server that stalls half-way) into a <see cref="TabularReadException"/>
/// with words a publisher understands.
/// </summary>
public static class RemoteSource
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <param name="timeout">How long to wait for the answer, and for each piece of the body after it.</param>
    public static Task<Stream> OpenAsync(HttpClient client, string url, TimeSpan? timeout = null, CancellationToken ct = default) =>
        OpenAsync((uri, token) => client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, token), url, timeout, ct);

    /// <param name="send">Sends the GET and returns the answer as soon as its headers are in; the server passes its
    /// guarded outbound client here, which follows redirects and refuses internal addresses.</param>
    /// <param name="timeout">How long to wait for the answer, and for each piece of the body after it.</param>
    public static async Task<Stream> OpenAsync(Func<Uri, CancellationToken, Task<HttpResponseMessage>> send, string url, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var wait = timeout ?? DefaultTimeout;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new TabularReadException("scheme-error",
                $"\"{url}\" är ingen webbadress (den ska börja med https://).", $"\"{url}\" is not a web address (it should start with https://).",
                "Kontrollera adressen.", "Check the address.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(wait);
        HttpResponseMessage response;
        try
        {
            response = await send(uri, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw TimedOut(uri, wait);
        }
        catch (HttpRequestException e)
        {
            throw new TabularReadException("source-error",
                $"Adressen {uri.Host} gick inte att nå ({e.Message}).", $"The address {uri.Host} could not be reached ({e.Message}).",
                "Kontrollera adressen och att servern är igång.", "Check the address and that the server is up.", e);
        }
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new TabularReadException("source-error",
                $"Servern svarade {status} ({response.ReasonPhrase}) för {uri}.", $"The server answered {status} ({response.ReasonPhrase}) for {uri}.",
                response.StatusCode == HttpStatusCode.NotFound ? "Filen finns inte längre på adressen; kontrollera länken." : "Försök igen senare eller kontakta den som publicerar filen.",
                response.StatusCode == HttpStatusCode.NotFound ? "The file is no longer at that address; check the link." : "Try again later or contact the publisher of the file.");
        }
        var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        return new IdleTimeoutStream(body, response, wait, uri);
    }

    internal static TabularReadException TimedOut(Uri uri, TimeSpan wait) => new("source-error",
        $"{uri.Host} svarade inte inom {wait.TotalSeconds:0} sekunder.", $"{uri.Host} did not answer within {wait.TotalSeconds:0} seconds.",
        "Försök igen senare; om det upprepas, kontrollera att adressen fungerar i en webbläsare.",
        "Try again later; if it persists, check that the address works in a browser.");

    /// <summary>Fails a read that waits longer than the timeout, so a stalled server cannot hang a validation.</summary>
    private sealed class IdleTimeoutStream(Stream inner, HttpResponseMessage response, TimeSpan idle, Uri uri) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(idle);
            try { return await inner.ReadAsync(buffer, timer.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { throw TimedOut(uri, idle); }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) { inner.Dispose(); response.Dispose(); }
            base.Dispose(disposing);
        }
    }
}
