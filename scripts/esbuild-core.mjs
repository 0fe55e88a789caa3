// esbuild options for every bundle that contains the core (add-on, CLI, benchmarks, corpus report):
// one place to change how the core is bundled.
export const coreBundleOptions = {
  bundle: true,
};
