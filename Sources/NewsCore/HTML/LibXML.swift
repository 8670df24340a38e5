import CLibXML2

/// Parsing with libxml2's HTML parser and reading its tree without copies.
enum LibXML {
    /// Runs libxml2's HTML parser over `bytes`, reporting elements and text to `builder` (SAX; no
    /// tree). `encoding` nil means the bytes are UTF-8 and the page's own charset hints are ignored.
    static func parseSAX(_ bytes: [UInt8], encoding: String?, handler builder: UnsafeMutablePointer<PageBuilder>) {
        _ = initialised
        newsd_xml_silence_errors()
        var options = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue
        if encoding == nil { options |= HTML_PARSE_IGNORE_ENC.rawValue }
        let input = bytes.isEmpty ? [0x20] : bytes
        input.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                guard let ctxt = htmlCreateMemoryParserCtxt(p, Int32(clamping: buf.count)) else { return }
                defer { htmlFreeParserCtxt(ctxt) }
                htmlCtxtUseOptions(ctxt, Int32(bitPattern: options))
                // Without an explicit decoder the SAX parser reads undeclared input as Latin-1.
                _ = newsd_html_use_encoding(ctxt, encoding ?? "UTF-8")
                let sax = UnsafeMutablePointer<htmlSAXHandler>.allocate(capacity: 1)
                defer { sax.deallocate() }
                sax.initialize(to: saxHandler)
                let original = ctxt.pointee.sax
                ctxt.pointee.sax = sax
                ctxt.pointee.userData = UnsafeMutableRawPointer(builder)
                htmlParseDocument(ctxt)
                ctxt.pointee.sax = original
                if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc); ctxt.pointee.myDoc = nil }
            }
        }
    }

    /// libxml2 wants one `xmlInitParser()` before use from several threads; `static let` runs it once.
    private static let initialised: Void = xmlInitParser()

    private static func builder(_ ctx: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<PageBuilder> {
        ctx!.assumingMemoryBound(to: PageBuilder.self)
    }

    /// SAX1 callbacks only: elements, text; everything else (comments, CDATA of scripts) ignored.
    private static let saxHandler: htmlSAXHandler = {
        var h = htmlSAXHandler()
        h.startElement = { ctx, name, attrs in
            guard let name else { return }
            builder(ctx).pointee.startElement(name, UnsafeMutableRawPointer(attrs)?.assumingMemoryBound(to: UnsafePointer<UInt8>?.self))
        }
        h.endElement = { ctx, _ in builder(ctx).pointee.endElement() }
        h.characters = { ctx, chars, len in
            guard let chars, len > 0 else { return }
            builder(ctx).pointee.characters(chars, Int(len))
        }
        h.ignorableWhitespace = h.characters
        h.cdataBlock = { _, _, _ in }
        return h
    }()

    static func equalsIgnoringCase(_ c: UnsafePointer<UInt8>, _ s: String) -> Bool {
        var i = 0
        for b in s.utf8 {
            let x = c[i]
            if x == 0 || (x | 0x20) != (b | 0x20) { return false }
            i += 1
        }
        return c[i] == 0
    }

    /// The value lower-cased as bytes (for class/id/rel matching).
    static func lowercased(_ c: UnsafePointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while c[i] != 0 {
            let b = c[i]
            out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            i += 1
        }
        return out
    }
}

