namespace InstanceManager.Configuration;

/// <summary>
/// One row of <see cref="ConfigurationKeys"/>: a credential key of a service binding, the options property it sets,
/// and how it is read and written, so that the binder and the validator work from the same row.
/// </summary>
/// <typeparam name="TOptions">The options class the key belongs to.</typeparam>
/// <param name="Key">The key in the binding's credentials, as the service writes it.</param>
/// <param name="Property">The name of the options property, shown next to the key in validation messages.</param>
/// <param name="Kind">What the value holds.</param>
/// <param name="Get">Reads the property.</param>
/// <param name="Set">Writes the property.</param>
internal sealed record OptionKey<TOptions>(string Key, string Property, OptionKeyKind Kind, Func<TOptions, string?> Get, Action<TOptions, string> Set);
