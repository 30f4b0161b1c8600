/** The part of ua-parser-js 1.x (which ships no types) that Dastan uses: the device type. */
declare module 'ua-parser-js' {
  export class UAParser {
    constructor(userAgent?: string);
    getDevice(): { type?: string; vendor?: string; model?: string };
  }
}
