using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InstanceManager.Tests.Infrastructure;

/// <summary>Runs the start-up validation of a client registered with valid Instance Manager options and the given change.</summary>
public static class StartupValidation
{
    /// <returns>The validation error, <see langword="null"/> when the options start.</returns>
    public static OptionsValidationException? Run(Action<InstanceManagerOptions> change)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInstanceManager(options =>
        {
            ImServer.Fill(options, "https://im.example");
            change(options);
        });
        using var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return null;
        }
        catch (OptionsValidationException error)
        {
            return error;
        }
    }
}
