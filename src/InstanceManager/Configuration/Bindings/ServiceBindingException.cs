namespace InstanceManager;

/// <summary>
/// No service binding, or more than one, matched a <see cref="ServiceBindingQuery"/>, or a binding source could not be
/// read. The message names the query, the source and the bindings seen (names, labels and plans); it never contains
/// credential values nor the content of <c>VCAP_SERVICES</c>.
/// </summary>
public sealed class ServiceBindingException : InvalidOperationException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public ServiceBindingException()
        : this("No usable service binding was found.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What failed.</param>
    public ServiceBindingException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public ServiceBindingException(string message, Exception? innerException)
        : this(message, new ServiceBindingQuery(), [], innerException)
    {
    }

    internal ServiceBindingException(string message, ServiceBindingQuery query, IReadOnlyList<string> bindingsSeen, Exception? innerException = null)
        : base(message, innerException)
    {
        Query = query;
        BindingsSeen = bindingsSeen;
    }

    /// <summary>The query that was looked for.</summary>
    public ServiceBindingQuery Query { get; }

    /// <summary>
    /// The bindings found in the source that was read, each as its name, label and plan, for example
    /// <c>my-hana (label managed-hana, plan hdi-shared)</c>; empty when the source could not be read.
    /// </summary>
    public IReadOnlyList<string> BindingsSeen { get; }
}
