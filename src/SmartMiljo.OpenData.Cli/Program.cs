using SmartMiljo.OpenData.Cli;

// Ctrl+C stops the current command cleanly instead of killing the process mid-write.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
return await CliApp.RunAsync(args, Console.Out, Console.Error, cancel.Token);
