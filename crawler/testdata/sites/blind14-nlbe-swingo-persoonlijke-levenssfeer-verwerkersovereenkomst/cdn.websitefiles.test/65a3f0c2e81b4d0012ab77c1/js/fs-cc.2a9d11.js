/* Finsweet Cookie Consent */window.FsCC=window.FsCC||{};
