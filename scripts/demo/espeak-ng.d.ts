/** The npm `espeak-ng` package: eSpeak NG compiled to WebAssembly, driven like its CLI. */
declare module "espeak-ng" {
  interface ESpeakNgInstance {
    FS: { readFile(path: string): Uint8Array };
  }
  export default function ESpeakNg(options: { arguments: string[] }): Promise<ESpeakNgInstance>;
}
