/** The spellings of a plugin's name a package needs. */
export interface PluginNames {
  /** `order-sync`: the plugin's name, its folder, its durable consumer. */
  name: string;
  /** `OrderSync`: class names. */
  pascal: string;
  /** `orderSync`: variables. */
  camel: string;
  /** `ORDER_SYNC`: the prefix of its environment variables. */
  envPrefix: string;
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Checks a name and spells it; throws a sentence saying what a name must look like. */
export function pluginNames(raw: string): PluginNames {
  const name = raw.trim();
  if (!NAME.test(name) || name.length > 40) {
    throw new Error(
      `"${raw}" is not a plugin name: use 1–40 lower-case letters, digits and single dashes, starting with a letter (e.g. order-sync)`,
    );
  }
  const parts = name.split('-');
  const pascal = parts.map((p) => p[0].toUpperCase() + p.slice(1)).join('');
  return {
    name,
    pascal,
    camel: pascal[0].toLowerCase() + pascal.slice(1),
    envPrefix: parts.join('_').toUpperCase(),
  };
}
