// Benchmarks of InstanceManager for .NET.
//   dotnet run -c Release --project benchmarks/InstanceManager.Benchmarks -- bench [BenchmarkDotNet arguments]
//   dotnet run -c Release --project benchmarks/InstanceManager.Benchmarks -- polling
//   dotnet run -c Release --project benchmarks/InstanceManager.Benchmarks -- load --concurrency 64 --seconds 10
//   dotnet run -c Release --project benchmarks/InstanceManager.Benchmarks -- onboard --tenants 500 --limit 100 [--service-manager]
//   dotnet run -c Release --project benchmarks/InstanceManager.Benchmarks -- caches [--turns 7]
//   dotnet run -c Release --project benchmarks/InstanceManager.Benchmarks -- remote [--rounds 3] [--allocations] [--only cold|churn|getall]
//   dotnet run -c Release --project benchmarks/InstanceManager.Benchmarks -- replicas [--replicas 8] [--tenants 200] [--redis host:port]
//   dotnet run -c Release --project benchmarks/InstanceManager.Benchmarks -- reconcile [--tenants 500] [--concurrency 16] [--service-manager]
//   dotnet run -c Release --project benchmarks/InstanceManager.Benchmarks -- redis-libs [--redis host:port]
using BenchmarkDotNet.Running;
using InstanceManager.Benchmarks;

switch (args.FirstOrDefault())
{
    case "polling":
        await PollingLagCommand.RunAsync();
        break;
    case "load":
        await LoadCommand.RunAsync(args[1..]);
        break;
    case "onboard":
        await OnboardCommand.RunAsync(args[1..]);
        break;
    case "caches":
        CacheCompareCommand.Run(args[1..]);
        break;
    case "remote":
        await SeparateProcessCommand.RunAsync(args[1..]);
        break;
    case "replicas":
        await ReplicasCommand.RunAsync(args[1..]);
        break;
    case "reconcile":
        await ReconcileCommand.RunAsync(args[1..]);
        break;
    case "redis-libs":
        await RedisLibsCommand.RunAsync(args[1..]);
        break;
    case "bench":
        BenchmarkSwitcher.FromAssembly(typeof(CacheHitBenchmarks).Assembly).Run(args[1..]);
        break;
    default:
        Console.WriteLine("usage: bench [BenchmarkDotNet arguments] | polling | load [--concurrency N] [--seconds S] | onboard [--tenants N] [--limit N] [--window S] [--header FORM] [--service-manager] | caches [--turns N] | remote [--rounds N] [--allocations] [--only cold|churn|getall] | replicas [--replicas N] [--tenants N] [--redis host:port] | reconcile [--tenants N] [--concurrency N] [--service-manager] | redis-libs [--redis host:port]");
        break;
}
