// esbuild options for every bundle that contains the core (add-on, CLI, benchmarks, corpus report):
// one place to change how the core is bundled.
export const coreBundleOptions = {
  bundle: true,
  // fflate's Node build loads worker_threads (and with it Node's streams) at start-up, for asynchronous
  // calls the core never makes; its browser build is the same synchronous code without that, as in the add-on.
  alias: { fflate: "fflate/browser" },
};
