using System.Text.Json;

namespace SmartMiljo.OpenData.Specifications.Reading.Json;

/// <summary>JSON that is not what the source promised. The message is for people.</summary>
public class JsonSourceFormatException(string message) : Exception(message);

/// <summary>A forward-only sequence of JSON objects (records or GeoJSON features).</summary>
public interface IJsonObjectCursor : IAsyncDisposable
{
    /// <summary>The next object, valid until the next call; null at the end.</summary>
    ValueTask<JsonElement?> NextAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Streams the objects of one array inside a JSON document of any size (e.g. <c>features</c> of a GeoJSON
/// FeatureCollection, or <c>/data/items</c> of an API answer), parsing each object on its own: memory is
/// bounded by the largest object, not the document.
/// </summary>
public sealed class JsonArrayStream : IJsonObjectCursor
{
    private const int MaxObjectBytes = 256 * 1024 * 1024;
    private static readonly JsonReaderOptions ReaderOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    private enum Phase { Seek, InArray, Done }

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly string[] _path;
    private byte[] _buffer = new byte[1 << 16];
    private int _start, _end;
    private bool _final, _started;
    private JsonReaderState _state = new(ReaderOptions);
    private Phase _phase = Phase.Seek;
    private int _matched, _arrayDepth;
    private JsonDocument? _current;

    /// <param name="path">Property names from the root object to the array; empty when the root is the array.</param>
    public JsonArrayStream(Stream stream, IReadOnlyList<string> path, bool leaveOpen = false)
    {
        _stream = stream;
        _path = [.. path];
        _leaveOpen = leaveOpen;
    }

    /// <summary>Turns a JSON pointer such as <c>/data/items</c> into a property path.</summary>
    public static string[] PathFromPointer(string? pointer) =>
        string.IsNullOrEmpty(pointer) || pointer == "/" ? [] :
        pointer.TrimStart('/').Split('/').Select(p => p.Replace("~1", "/").Replace("~0", "~")).ToArray();

    public async ValueTask<JsonElement?> NextAsync(CancellationToken cancellationToken)
    {
        _current?.Dispose();
        _current = null;
        while (true)
        {
            if (_phase == Phase.Done) return null;
            bool progressed;
            try { progressed = TryStep(); }
            catch (JsonException ex)
            {
                throw new JsonSourceFormatException($"The file is not valid JSON (line {ex.LineNumber + 1}): {ex.Message}");
            }
            if (_current is not null) return _current.RootElement;
            if (progressed) continue;
            await FillAsync(cancellationToken);
        }
    }

    /// <summary>Reads as far as the buffered bytes allow; false when more bytes are needed.</summary>
    private bool TryStep()
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
        while (true)
        {
            var before = reader.CurrentState;
            var consumedBefore = (int)reader.BytesConsumed;
            if (!reader.Read())
            {
                Commit(ref reader);
                if (!_final) return false;
                if (!_started) throw new JsonSourceFormatException("The file is empty.");
                throw new JsonSourceFormatException(_path.Length == 0
                    ? "The JSON does not hold an array of records."
                    : $"The JSON has no array at /{string.Join('/', _path)}.");
            }
            var first = !_started;
            _started = true;
            if (_phase == Phase.Seek)
            {
                if (_path.Length == 0)
                {
                    if (reader.TokenType != JsonTokenType.StartArray) throw new JsonSourceFormatException("The JSON is not an array of records.");
                    _phase = Phase.InArray;
                    _arrayDepth = reader.CurrentDepth;
                    continue;
                }
                if (first && reader.TokenType != JsonTokenType.StartObject)
                    throw new JsonSourceFormatException($"The JSON is not an object with /{string.Join('/', _path)}.");
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == _matched + 1 && reader.ValueTextEquals(_path[_matched]))
                {
                    if (!reader.Read()) return Rollback(before, consumedBefore);
                    if (_matched == _path.Length - 1)
                    {
                        if (reader.TokenType != JsonTokenType.StartArray)
                            throw new JsonSourceFormatException($"/{string.Join('/', _path)} in the JSON is not an array.");
                        _phase = Phase.InArray;
                        _arrayDepth = reader.CurrentDepth;
                    }
                    else if (reader.TokenType == JsonTokenType.StartObject) _matched++;
                }
                else if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0)
                    throw new JsonSourceFormatException($"The JSON has no array at /{string.Join('/', _path)}.");
                continue;
            }

            // In the array: each object is parsed on its own; anything else is passed over.
            if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == _arrayDepth)
            {
                _phase = Phase.Done;
                Commit(ref reader);
                return true;
            }
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                if (!JsonDocument.TryParseValue(ref reader, out var document)) return Rollback(before, consumedBefore);
                _current = document;
                Commit(ref reader);
                return true;
            }
            if (reader.TokenType == JsonTokenType.StartArray && !reader.TrySkip()) return Rollback(before, consumedBefore);
        }
    }

    private void Commit(ref Utf8JsonReader reader)
    {
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    private bool Rollback(JsonReaderState before, int consumedBefore)
    {
        _start += consumedBefore;
        _state = before;
        if (_final) throw new JsonSourceFormatException("The JSON ends in the middle of a value (the file is cut short).");
        return false;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_final) throw new JsonSourceFormatException("The JSON ends unexpectedly.");
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxObjectBytes) throw new JsonSourceFormatException($"One record in the JSON is larger than {MaxObjectBytes / (1024 * 1024)} MB.");
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        var isFirstRead = _end == 0 && !_started;
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0) { _final = true; return; }
        _end += read;
        if (isFirstRead && _end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF) _start = 3;
    }

    public async ValueTask DisposeAsync()
    {
        _current?.Dispose();
        if (!_leaveOpen) await _stream.DisposeAsync();
    }
}

/// <summary>One JSON object per line: the work-file format of paged sources (one line per record or feature).</summary>
public sealed class JsonLinesCursor(Stream stream) : IJsonObjectCursor
{
    private readonly StreamReader _reader = new(stream);
    private JsonDocument? _current;
    private long _line;

    public async ValueTask<JsonElement?> NextAsync(CancellationToken cancellationToken)
    {
        _current?.Dispose();
        _current = null;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            _line++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try { _current = JsonDocument.Parse(line); }
            catch (JsonException ex) { throw new JsonSourceFormatException($"Record {_line} is not valid JSON: {ex.Message}"); }
            return _current.RootElement;
        }
        return null;
    }

    public ValueTask DisposeAsync()
    {
        _current?.Dispose();
        _reader.Dispose();
        return ValueTask.CompletedTask;
    }
}
