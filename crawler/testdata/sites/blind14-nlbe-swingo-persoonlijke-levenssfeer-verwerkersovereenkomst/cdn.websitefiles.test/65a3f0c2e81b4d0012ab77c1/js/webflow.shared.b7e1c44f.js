/*! Webflow */!function(){window.Webflow=window.Webflow||[]}();
