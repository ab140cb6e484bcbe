using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace SmartMiljo.OpenData.TestSupport;

/// <summary>
/// A real S3-compatible server (npm <c>s3rver</c>, in <c>tests/SmartMiljo.OpenData.TestSupport/s3server</c>)
/// on 127.0.0.1 and a free port, one per test process, shared by tests that each use their own bucket.
/// It checks request signatures, so the credentials here are the ones s3rver knows. The node process
/// ends when this process does (it exits when its standard input closes).
/// </summary>
public sealed class TestS3Server
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    public const string Region = "us-east-1";

    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static TestS3Server? _shared;
    private static int _bucketCounter;

    private readonly Process _process;
    private readonly string _storage;

    private TestS3Server(Process process, string storage, Uri serviceUrl)
    {
        _process = process;
        _storage = storage;
        ServiceUrl = serviceUrl;
    }

    public static string PackageDirectory =>
        Path.Combine(RepositoryPaths.RepositoryRoot, "tests", "SmartMiljo.OpenData.TestSupport", "s3server");

    public Uri ServiceUrl { get; }

    /// <summary>The folder where s3rver keeps buckets and objects, to check what is really stored.</summary>
    public string StorageDirectory => _storage;

    public static async Task<TestS3Server> SharedAsync()
    {
        await StartLock.WaitAsync();
        try
        {
            if (_shared is { _process.HasExited: false } running) return running;
            _shared = await StartAsync();
            return _shared;
        }
        finally { StartLock.Release(); }
    }

    /// <summary>A client signed with the server's credentials, path-style, for tests to look behind the store.</summary>
    public AmazonS3Client CreateClient() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = ServiceUrl.ToString(),
        AuthenticationRegion = Region,
        ForcePathStyle = true,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    /// <summary>Creates an empty bucket with a name no other test uses.</summary>
    public async Task<string> CreateBucketAsync(string purpose = "test")
    {
        var name = $"{purpose}-{Environment.ProcessId}-{Interlocked.Increment(ref _bucketCounter)}".ToLowerInvariant();
        using var client = CreateClient();
        await client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    /// <summary>Every object key in a bucket, sorted.</summary>
    public async Task<IReadOnlyList<string>> ListKeysAsync(string bucket)
    {
        using var client = CreateClient();
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket };
        ListObjectsV2Response response;
        do
        {
            response = await client.ListObjectsV2Async(request);
            keys.AddRange((response.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = response.NextContinuationToken;
        } while (response.IsTruncated == true);
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>Keys of multipart uploads started in a bucket and neither completed nor aborted.</summary>
    public async Task<IReadOnlyList<string>> PendingUploadsAsync(string bucket)
    {
        using var client = CreateClient();
        var response = await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        return (response.MultipartUploads ?? []).Select(u => u.Key).Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<TestS3Server> StartAsync()
    {
        await EnsureInstalledAsync();
        var storage = Directory.CreateTempSubdirectory("smartmiljo-s3-").FullName;
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = PackageDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("server.js");
        info.ArgumentList.Add(storage);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node for the S3 test server.");
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null)
            throw new InvalidOperationException($"The S3 test server (s3rver) did not start: {await stderr}");
        var port = JsonDocument.Parse(line).RootElement.GetProperty("port").GetInt32();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(process, storage);
        return new TestS3Server(process, storage, new Uri($"http://127.0.0.1:{port}"));
    }

    private static void Stop(Process process, string storage)
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        try { Directory.Delete(storage, recursive: true); }
        catch (IOException) { }
    }

    /// <summary><c>npm ci</c> on first use when test.sh has not installed the package yet.</summary>
    private static async Task EnsureInstalledAsync()
    {
        if (Directory.Exists(Path.Combine(PackageDirectory, "node_modules", "s3rver"))) return;
        var info = new ProcessStartInfo("npm") { WorkingDirectory = PackageDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" }) info.ArgumentList.Add(argument);
        using var npm = Process.Start(info) ?? throw new InvalidOperationException("Could not start npm to install s3rver.");
        var stdout = npm.StandardOutput.ReadToEndAsync();
        var stderr = npm.StandardError.ReadToEndAsync();
        await npm.WaitForExitAsync();
        await stdout;
        if (npm.ExitCode != 0) throw new InvalidOperationException($"npm ci for the S3 test server failed: {await stderr}");
    }
}
