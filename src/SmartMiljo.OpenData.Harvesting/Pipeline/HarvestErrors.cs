using SmartMiljo.OpenData.Harvesting.Adapters;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Specifications.Reading.Json;
using SmartMiljo.OpenData.Specifications.Reading;

namespace SmartMiljo.OpenData.Harvesting.Pipeline;

/// <summary>A harvest failure whose message is already written for the publisher.</summary>
public sealed class HarvestException(string message) : Exception(message);

internal static class HarvestErrors
{
    /// <summary>Plain words for the run list; unexpected exceptions keep their type for the operator.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        HarvestException or FetchException or GeoJsonFormatException or JsonSourceFormatException
            or TabularReadException or CatalogueFormatException => ex.Message,
        InvalidDataException or FormatException => $"The file could not be read: {ex.Message}",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
