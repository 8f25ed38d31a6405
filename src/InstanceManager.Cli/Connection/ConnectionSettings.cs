using System.ComponentModel;
using Spectre.Console.Cli;

namespace InstanceManager.Cli.Connection;

/// <summary>The options every command takes: where the credentials come from, and how errors are reported.</summary>
internal class ConnectionSettings : CommandSettings
{
    /// <summary>The label of the Service Manager's offering in <c>VCAP_SERVICES</c>.</summary>
    public const string ServiceManagerLabel = "service-manager";

    [CommandOption("--emulator")]
    [Description("Start the embedded emulator and work against it (its state lives only in this process).")]
    public bool Emulator { get; set; }

    [CommandOption("--service-manager")]
    [Description("Use the Service Manager binding (label service-manager) instead of the Instance Manager one (label managed-hana).")]
    public bool ServiceManager { get; set; }

    [CommandOption("--label <LABEL>")]
    [Description("The label (service offering) of the binding to use.")]
    public string? Label { get; set; }

    [CommandOption("--name <NAME>")]
    [Description("The name of the bound service instance to use.")]
    public string? Name { get; set; }

    [CommandOption("--verbose")]
    [Description("On an error, print the exception with its stack trace after the one-line message.")]
    public bool Verbose { get; set; }

    /// <summary>The binding these options select, as <c>AddInstanceManagerFromBinding</c> takes it.</summary>
    public ServiceBindingQuery BindingQuery()
    {
        var query = new ServiceBindingQuery { Name = Name };
        if (Label is not null)
        {
            query.Label = Label;
        }
        else if (ServiceManager)
        {
            query.Label = ServiceManagerLabel;
        }

        return query;
    }
}
